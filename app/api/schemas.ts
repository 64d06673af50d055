import { z } from 'zod';
import { LANGUAGES } from '../../protocol/problems.ts';
import { SESSION_STATUSES } from '../../protocol/sessions.ts';

/**
 * Response schemas of the public JSON/SSE API. The OpenAPI document is built
 * from these and from the request schemas the routes validate with; the API
 * tests validate real responses against them.
 */

export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const healthSchema = z.object({ status: z.literal('ok'), service: z.string() });

export const readinessSchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  service: z.string(),
  /** Each dependency checked; a failed one names an error code (the reason is in the log). */
  checks: z.record(z.string(), z.object({ ok: z.boolean(), code: z.string().optional() })),
});

export interface FileNodeShape {
  name: string;
  path: string;
  type: 'file' | 'folder';
  children?: FileNodeShape[];
}
export const fileNodeSchema: z.ZodType<FileNodeShape> = z.lazy(() =>
  z.object({
    name: z.string(),
    path: z.string(),
    type: z.enum(['file', 'folder']),
    children: z.array(fileNodeSchema).optional(),
  }),
);

export const initializeResponseSchema = z.object({
  resumed: z.boolean(),
  candidate: z.object({
    id: z.string(),
    name: z.string(),
    assessment: z.object({
      title: z.string(),
      duration: z.number().int(),
      enableAI: z.boolean(),
      enableTerminal: z.boolean(),
    }),
  }),
  currentQuestion: z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    difficulty: z.enum(['EASY', 'MEDIUM', 'HARD']),
    starterCode: z.array(z.object({ fileName: z.string(), content: z.string() })),
    testCases: z.array(z.object({ name: z.string(), hidden: z.boolean() })),
    timeLimit: z.number().int(),
  }),
  problems: z.array(
    z.object({
      position: z.number().int().min(0),
      id: z.string(),
      title: z.string(),
      difficulty: z.enum(['EASY', 'MEDIUM', 'HARD']),
      folder: z.string(),
      done: z.boolean(),
    }),
  ),
  currentProblem: z.number().int().min(0),
  session: z.object({
    id: z.string(),
    startTime: z.string(),
    timeRemaining: z.number().int().min(0),
    status: z.enum(['ACTIVE', 'PAUSED']),
  }),
  sandbox: z.object({
    id: z.string().nullable(),
    volumeId: z.string().nullable(),
    status: z.enum(['ready', 'starting', 'unavailable']),
  }),
  files: z.array(fileNodeSchema),
});

/** POST /api/interview/:id/problem: go to a problem, or mark the current one done. */
export const problemSwitchRequestSchema = z.union([
  z.object({ to: z.number().int().min(0).max(99) }),
  z.object({ done: z.literal(true) }),
]);

/** POST /api/interview/:id/language: switch the language during the interview (decision 023). */
export const languageSwitchRequestSchema = z.object({ language: z.enum(LANGUAGES) });

export const languageSwitchResponseSchema = z.object({
  language: z.enum(LANGUAGES),
  switched: z.boolean(),
  event: z
    .object({
      from: z.enum(LANGUAGES),
      to: z.enum(LANGUAGES),
      problems: z.array(
        z.object({
          position: z.number().int(),
          folder: z.string(),
          from: z.enum(LANGUAGES),
          to: z.enum(LANGUAGES),
        }),
      ),
      restored: z.boolean(),
    })
    .nullable(),
  /** The session's problems in the language now in use: the page updates in place. */
  problems: z.array(
    z.object({
      position: z.number().int(),
      title: z.string(),
      description: z.string(),
      language: z.string(),
      difficulty: z.string(),
      visibleTestNames: z.array(z.string()),
      folder: z.string(),
      /** The file the workspace opens for this problem. */
      mainFile: z.string(),
      done: z.boolean(),
    }),
  ),
});

export const problemSwitchResponseSchema = z.object({
  currentProblem: z.number().int().min(0),
  switched: z.boolean(),
});

export const statusResponseSchema = z.object({
  sessionId: z.string(),
  status: z.enum(SESSION_STATUSES),
  timeRemaining: z.number().int().min(0),
  deadlineAt: z.string(),
  pausedAt: z.string().nullable(),
  serverTime: z.string(),
});

/** The interview clock as the live room shows it (protocol/room.ts RoomState). */
export const roomStateSchema = z.object({
  status: z.enum(SESSION_STATUSES),
  deadlineAt: z.string(),
  pausedAt: z.string().nullable(),
  pausedSeconds: z.number().int().min(0),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  serverTime: z.string(),
});

/** A line of the interviewer–candidate chat (protocol/room.ts ChatMessage). */
export const chatMessageSchema = z.object({
  id: z.string(),
  at: z.number().int(),
  authorRole: z.enum(['candidate', 'interviewer']),
  authorName: z.string(),
  text: z.string(),
});

export const roomChatRequestSchema = z.object({ text: z.string().min(1).max(2000) });

export const scoresSchema = z.object({
  overallScore: z.number().nullable(),
  visiblePassRate: z.number().nullable(),
  hiddenPassRate: z.number().nullable(),
  timeToFirstPassSeconds: z.number().int().nullable(),
  testRunCount: z.number().int(),
  aiReliance: z.number().nullable(),
  durationSeconds: z.number().int(),
});

export const submitResponseSchema = z.object({
  success: z.literal(true),
  sessionId: z.string(),
  status: z.literal('COMPLETED'),
  alreadySubmitted: z.boolean(),
  scores: scoresSchema.nullable(),
  message: z.string(),
});

export const eventsBatchResponseSchema = z.object({ stored: z.number().int().min(1) });

export const filesTreeSchema = z.object({
  files: z.array(fileNodeSchema),
  /** The session's problems in order and the folder of each ('' is the root). */
  problems: z.array(
    z.object({ position: z.number().int(), title: z.string(), folder: z.string() }),
  ),
});
export const fileCreatedSchema = z.object({
  path: z.string(),
  type: z.enum(['file', 'folder']),
  etag: z.string().nullable(),
});
export const fileWrittenSchema = z.object({
  path: z.string(),
  etag: z.string(),
  changed: z.boolean(),
});
export const fileDeletedSchema = z.object({ path: z.string(), deleted: z.number().int() });

export const sessionEventSchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  type: z.string(),
  source: z.enum(['client', 'server']),
  data: z.record(z.string(), z.unknown()),
});
export const activityResponseSchema = z.object({
  events: z.array(sessionEventSchema),
  next: z.number().int(),
  status: z.enum(SESSION_STATUSES),
});

const quotedPassageSchema = z.object({
  path: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  text: z.string(),
  fromAi: z.number(),
});
export const similarityResponseSchema = z.object({
  compared: z.number().int(),
  matches: z.array(
    z.object({
      candidateId: z.string(),
      name: z.string(),
      score: z.number(),
      flagged: z.boolean(),
      passages: z.array(z.object({ mine: quotedPassageSchema, theirs: quotedPassageSchema })),
    }),
  ),
});

/** The chat stream's events (seed 1.3). */
export const chatStreamEvents = {
  content: z.object({ delta: z.string() }),
  usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }),
  done: z.object({ interactionId: z.string(), stopReason: z.string().nullable() }),
  error: z.object({ code: z.string(), message: z.string() }),
};

/** The test stream's events (seed 1.5). */
export const testStreamEvents = {
  start: z.object({
    runId: z.string(),
    total: z.number().int(),
    kind: z.enum(['visible', 'final', 'reference']),
  }),
  test_result: z.object({
    runId: z.string(),
    index: z.number().int(),
    name: z.string(),
    passed: z.boolean(),
    hidden: z.boolean().optional(),
    durationMs: z.number(),
    output: z.string().optional(),
    error: z.string().optional(),
  }),
  done: z.object({
    runId: z.string(),
    total: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    passRate: z.number(),
    durationMs: z.number(),
  }),
  error: z.object({ runId: z.string().optional(), code: z.string(), message: z.string() }),
};
