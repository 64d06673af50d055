import { z } from 'zod';

/**
 * Session events: everything that happens in an interview besides edits, in
 * one ordered log (session_events) on the same clock as the history log.
 * Client events are batched by the browser; server events are recorded by the
 * services. Replay and the observer view read both.
 */

const path = z.string().min(1).max(200);

/** Events the candidate's browser may send in a batch. */
export const clientEventSchemas = {
  focus: z.object({ focused: z.boolean() }),
  visibility: z.object({ visible: z.boolean() }),
  paste: z.object({
    path,
    length: z.number().int().min(0).max(10_000_000),
    fromAI: z.boolean().default(false),
  }),
  copy: z.object({ path: path.optional(), length: z.number().int().min(0).max(10_000_000) }),
  file_open: z.object({ path }),
  shortcut: z.object({ key: z.string().min(1).max(40) }),
} as const;

export type ClientEventType = keyof typeof clientEventSchemas;
export const CLIENT_EVENT_TYPES = Object.keys(clientEventSchemas) as ClientEventType[];

/** Events the services record. */
export const SERVER_EVENT_TYPES = [
  'session_started',
  'session_resumed',
  'session_submitted',
  'terminal_input',
  'terminal_output',
  'terminal_resize',
  'test_run_started',
  'test_result',
  'test_run_finished',
  'ai_turn_started',
  'ai_turn_finished',
  'file_written_by_tool',
  'timer_warning',
  // protocol/problem-sequence.ts: PROBLEM_SWITCHED
  'problem_switched',
  /** The candidate switched language (decision 023): data `{ from, to, problems, restored }`. */
  'language_switched',
  /** The live room changed (paused, resumed, extended, …): data `{ event, state, by? }`. */
  'room_changed',
  /** A chat line between interviewers and the candidate: data is a ChatMessage. */
  'chat_message',
] as const;
export type ServerEventType = (typeof SERVER_EVENT_TYPES)[number];

export type SessionEventType = ClientEventType | ServerEventType;

/** One client event as the browser sends it. */
export type ClientEvent = {
  [K in ClientEventType]: {
    type: K;
    /** Milliseconds since the epoch, from the browser clock. */
    timestamp: number;
    data: z.infer<(typeof clientEventSchemas)[K]>;
  };
}[ClientEventType];

export const clientEventSchema = z.discriminatedUnion(
  'type',
  CLIENT_EVENT_TYPES.map((type) =>
    z.object({
      type: z.literal(type),
      timestamp: z.number().int().positive(),
      data: clientEventSchemas[type],
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<ClientEvent>;

/**
 * The batch endpoint's body: at most 200 events per request. `sentAt` is the
 * browser clock when sending; the server uses it to correct clock skew.
 */
export const clientEventBatchSchema = z.object({
  sentAt: z.number().int().positive().optional(),
  events: z.array(clientEventSchema).min(1).max(200),
});

/** A stored event as the observer feed and the history API return it. */
export interface SessionEventRecord {
  seq: number;
  /** Milliseconds since the epoch (server clock). */
  at: number;
  type: SessionEventType;
  source: 'client' | 'server';
  data: Record<string, unknown>;
}
