import { z } from 'zod';
import { clientEventBatchSchema } from '../../protocol/events.ts';
import { chatRequestSchema } from '../ai/chat-request.ts';
import { createFileInput } from '../files/create-input.ts';
import { tryProblemRequest } from '../questions/try-request.ts';
import { rubricInputSchema } from '../review/rubric.ts';
import {
  reviewDecisionSchema,
  reviewSectionSchema,
  rubricViewSchema,
} from '../review/section-schema.ts';
import {
  activityResponseSchema,
  chatMessageSchema,
  chatStreamEvents,
  eventsBatchResponseSchema,
  fileCreatedSchema,
  fileDeletedSchema,
  filesTreeSchema,
  fileWrittenSchema,
  healthSchema,
  initializeResponseSchema,
  languageSwitchRequestSchema,
  languageSwitchResponseSchema,
  problemSwitchRequestSchema,
  problemSwitchResponseSchema,
  readinessSchema,
  roomChatRequestSchema,
  roomStateSchema,
  similarityResponseSchema,
  statusResponseSchema,
  submitResponseSchema,
  testStreamEvents,
} from './schemas.ts';

/** How a caller proves who they are. */
export type EndpointAuth = 'candidate' | 'member' | 'candidate-or-member' | 'none';

export interface ResponseSpec {
  description: string;
  json?: z.ZodType;
  text?: true;
  /** A binary body of this media type. */
  binary?: string;
  /** Server-sent events: event name → data schema. */
  sse?: Record<string, z.ZodType>;
}

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path, e.g. `/api/interview/{id}/status`. */
  path: string;
  /** The Remix route module that serves it (checked by the API tests). */
  route: string;
  summary: string;
  auth: EndpointAuth;
  request?: { json?: z.ZodType; text?: true };
  /** Status → response; every endpoint also answers errors as ApiError. */
  responses: Record<number, ResponseSpec>;
  /** Headers the endpoint reads besides cookies. */
  headers?: Array<{ name: string; description: string }>;
}

const error = (description: string): ResponseSpec => ({ description });
const candidateErrors = {
  403: error('Not this browser’s interview (or a token for another session).'),
  409: error('The interview has not started, or is over.'),
};

/** Every public JSON/SSE endpoint of the app (the OpenAPI document is built from this list). */
export const ENDPOINTS: Endpoint[] = [
  {
    method: 'post',
    path: '/api/interview/{id}/initialize',
    route: 'api.interview.$id.initialize',
    summary: 'Create or resume the candidate’s session (seed 1.1)',
    auth: 'candidate',
    responses: {
      200: { description: 'The session, its question and files.', json: initializeResponseSchema },
      ...candidateErrors,
    },
  },
  {
    method: 'get',
    path: '/api/interview/{id}/status',
    route: 'api.interview.$id.status',
    summary: 'Status and true time remaining, cheap to poll (seed 1.6)',
    auth: 'candidate',
    responses: {
      200: { description: 'The session status.', json: statusResponseSchema },
      ...candidateErrors,
    },
  },
  {
    method: 'post',
    path: '/api/interview/{id}/chat',
    route: 'api.interview.$id.chat',
    summary: 'One turn with the AI assistant, streamed (seed 1.3)',
    auth: 'candidate',
    request: { json: chatRequestSchema },
    responses: {
      200: {
        description: 'content deltas, then usage, then done or error.',
        sse: chatStreamEvents,
      },
      400: error('Malformed request.'),
      429: error('One turn at a time, and a per-session limit per 10 minutes.'),
      503: error('The assistant is not configured on this server.'),
      ...candidateErrors,
    },
  },
  {
    method: 'post',
    path: '/api/interview/{id}/run-tests',
    route: 'api.interview.$id.run-tests',
    summary: 'Run the visible tests, results streamed as they finish (seed 1.5)',
    auth: 'candidate',
    responses: {
      200: {
        description: 'start, one test_result per test, then done or error.',
        sse: testStreamEvents,
      },
      ...candidateErrors,
    },
  },
  {
    method: 'post',
    path: '/api/interview/{id}/problem',
    route: 'api.interview.$id.problem',
    summary: 'Go to another problem of the assessment, or mark the current one done',
    auth: 'candidate',
    request: { json: problemSwitchRequestSchema },
    responses: {
      200: {
        description: 'The problem the candidate is on now.',
        json: problemSwitchResponseSchema,
      },
      400: error('No such problem, or a malformed body.'),
      ...candidateErrors,
    },
  },
  {
    method: 'post',
    path: '/api/interview/{id}/language',
    route: 'api.interview.$id.language',
    summary:
      'Switch language during the interview: the problem in progress moves to previous/<language>/',
    auth: 'candidate',
    request: { json: languageSwitchRequestSchema },
    responses: {
      200: {
        description: 'The language now in use, and what moved.',
        json: languageSwitchResponseSchema,
      },
      400: error('Not a known language, or a malformed body.'),
      403: error('Not this browser’s interview, or LANGUAGE_NOT_ALLOWED by the assessment.'),
      409: error('The interview is over, or SWITCH_CONFLICT: its language changed meanwhile.'),
      503: error('COLLAB_UNAVAILABLE: the workspace could not be changed.'),
    },
  },
  {
    method: 'post',
    path: '/api/interview/{id}/submit',
    route: 'api.interview.$id.submit',
    summary: 'Submit: final grading, scores, archive, e-mails; idempotent (seed 1.4)',
    auth: 'candidate',
    responses: {
      200: { description: 'The one result of the submission.', json: submitResponseSchema },
      ...candidateErrors,
    },
  },
  {
    method: 'post',
    path: '/api/interview/{id}/events/batch',
    route: 'api.interview.$id.events.batch',
    summary: 'The browser’s batched session events (seed 4.1)',
    auth: 'candidate',
    request: { json: clientEventBatchSchema },
    responses: {
      200: { description: 'All events stored.', json: eventsBatchResponseSchema },
      400: error('A malformed event: nothing was stored.'),
      413: error('More than 200 events.'),
      ...candidateErrors,
    },
  },
  {
    method: 'get',
    path: '/api/interview/{id}/files',
    route: 'api.interview.$id.files',
    summary: 'The workspace tree, from the live session document (seed 1.2)',
    auth: 'candidate-or-member',
    headers: [{ name: 'Authorization', description: 'Optional `Bearer <session token>`.' }],
    responses: {
      200: { description: 'The tree.', json: filesTreeSchema },
      403: error('Not yours.'),
      404: error('No such interview.'),
    },
  },
  {
    method: 'post',
    path: '/api/interview/{id}/files',
    route: 'api.interview.$id.files',
    summary: 'Create a file or a folder',
    auth: 'candidate',
    request: { json: createFileInput },
    responses: {
      201: { description: 'Created.', json: fileCreatedSchema },
      400: error('Bad path.'),
      403: error('Read-only or not yours.'),
      409: error('Exists already.'),
      413: error('Too large, or too many files.'),
    },
  },
  {
    method: 'get',
    path: '/api/interview/{id}/files/{path}',
    route: 'api.interview.$id.files.$',
    summary: 'A file’s text, with its ETag',
    auth: 'candidate-or-member',
    headers: [{ name: 'If-None-Match', description: 'An ETag: 304 when unchanged.' }],
    responses: {
      200: { description: 'The text.', text: true },
      304: { description: 'Unchanged.' },
      400: error('Bad path.'),
      404: error('No such file.'),
    },
  },
  {
    method: 'put',
    path: '/api/interview/{id}/files/{path}',
    route: 'api.interview.$id.files.$',
    summary: 'Replace a file’s text as a minimal edit (origin `api`)',
    auth: 'candidate',
    request: { text: true },
    headers: [
      {
        name: 'If-Match',
        description: 'Write only over this version (merged when the file changed elsewhere).',
      },
    ],
    responses: {
      200: { description: 'Written.', json: fileWrittenSchema },
      400: error('Bad path.'),
      403: error('Read-only or not yours.'),
      404: error('No such file.'),
      409: error('Stale ETag: the file changed in the same place.'),
      413: error('Too large.'),
    },
  },
  {
    method: 'delete',
    path: '/api/interview/{id}/files/{path}',
    route: 'api.interview.$id.files.$',
    summary: 'Delete a file, or a folder with its contents',
    auth: 'candidate',
    headers: [{ name: 'If-Match', description: 'Delete only this version of a file.' }],
    responses: {
      200: { description: 'Deleted.', json: fileDeletedSchema },
      403: error('Read-only or not yours.'),
      404: error('No such file or folder.'),
      409: error('Stale ETag.'),
    },
  },
  {
    method: 'get',
    path: '/api/candidates/{id}/activity',
    route: 'api.candidates.$id.activity',
    summary: 'A session’s events after a sequence number, for observers who poll',
    auth: 'member',
    responses: {
      200: { description: 'Events.', json: activityResponseSchema },
      404: error('No such candidate in your organization.'),
    },
  },
  {
    method: 'post',
    path: '/api/candidates/{id}/actions',
    route: 'api.candidates.$id.actions',
    summary:
      'Team actions on a started interview: pause, resume, extend time, end now, new link (audited, pushed to the live room)',
    auth: 'member',
    request: {
      json: z.object({
        action: z.enum(['pause', 'resume', 'extend', 'end', 'new-link']),
        minutes: z.number().int().min(1).max(240).optional(),
      }),
    },
    responses: {
      200: {
        description: 'The clock after the action (or `ended`, or how the new link was sent).',
        json: z.union([
          z.object({ state: roomStateSchema }),
          z.object({ ended: z.literal(true), sessionId: z.string() }),
          z.object({ emailStatus: z.enum(['outbox', 'sent', 'failed']) }),
        ]),
      },
      400: error('Unknown action (BAD_ACTION) or minutes out of range (BAD_MINUTES).'),
      404: error('No such candidate in your organization.'),
      409: error('NOT_STARTED, or WRONG_STATE: the action does not fit the interview’s state.'),
    },
  },
  {
    method: 'post',
    path: '/api/candidates/{id}/room-chat',
    route: 'api.candidates.$id.room-chat',
    summary:
      'An interviewer writes to the candidate (stored on the replay timeline, pushed to the room)',
    auth: 'member',
    request: { json: roomChatRequestSchema },
    responses: {
      200: { description: 'The stored line.', json: z.object({ message: chatMessageSchema }) },
      400: error('EMPTY or TOO_LONG.'),
      404: error('No such candidate in your organization.'),
      409: error('NOT_STARTED, or SESSION_CLOSED once the interview is over.'),
    },
  },
  {
    method: 'post',
    path: '/api/interview/{id}/room-chat',
    route: 'api.interview.$id.room-chat',
    summary:
      'The candidate writes to the interviewers (stored on the replay timeline, pushed to the room)',
    auth: 'candidate',
    request: { json: roomChatRequestSchema },
    responses: {
      200: { description: 'The stored line.', json: z.object({ message: chatMessageSchema }) },
      400: error('EMPTY or TOO_LONG.'),
      ...candidateErrors,
    },
  },
  {
    method: 'get',
    path: '/api/candidates/{id}/similarity',
    route: 'api.candidates.$id.similarity',
    summary:
      'Other candidates of the same problem whose submitted code resembles this one, with the passages',
    auth: 'member',
    responses: {
      200: { description: 'Matches, most similar first.', json: similarityResponseSchema },
      404: error('No such candidate in your organization.'),
      409: error('The candidate has not handed in an interview yet.'),
    },
  },
  {
    method: 'get',
    path: '/api/candidates/{id}/observer-token',
    route: 'api.candidates.$id.observer-token',
    summary:
      'A fresh short-lived observer token for the observe page, after checking membership again',
    auth: 'member',
    responses: {
      200: {
        description: 'The token and how long it lasts.',
        json: z.object({ token: z.string(), expiresInSeconds: z.number().int().positive() }),
      },
      403: error('Not (or no longer) a member of the candidate’s organization.'),
    },
  },
  {
    method: 'get',
    path: '/api/candidates/{id}/review',
    route: 'api.candidates.$id.review',
    summary:
      'The AI review of a submitted interview: scores, reasoning, checked citations, decisions',
    auth: 'member',
    responses: { 200: { description: 'The review section.', json: reviewSectionSchema } },
  },
  {
    method: 'post',
    path: '/api/candidates/{id}/review',
    route: 'api.candidates.$id.review',
    summary:
      'Accept, change or reject one score of the AI review (interviewers and above; audited)',
    auth: 'member',
    request: { json: reviewDecisionSchema },
    responses: {
      200: { description: 'The review section after the decision.', json: reviewSectionSchema },
      400: error('No dimension, an unknown action, or a score outside 1–5 (BAD_DECISION).'),
      404: error('No review, or no such dimension in it.'),
      409: error('The review is not finished yet.'),
    },
  },
  {
    method: 'get',
    path: '/api/assessments/{id}/rubric',
    route: 'api.assessments.$id.rubric',
    summary: 'The rubric the assessment’s AI reviews use (its own, or the default)',
    auth: 'member',
    responses: {
      200: { description: 'The rubric.', json: rubricViewSchema },
      404: error('No such assessment in your organization (ASSESSMENT_NOT_FOUND).'),
    },
  },
  {
    method: 'put',
    path: '/api/assessments/{id}/rubric',
    route: 'api.assessments.$id.rubric',
    summary:
      'Replace the rubric, dimensions in order (interviewers and above; audited; later reviews use it)',
    auth: 'member',
    request: { json: rubricInputSchema },
    responses: {
      200: {
        description: 'The rubric as saved (new dimensions get a key).',
        json: rubricViewSchema,
      },
      400: error(
        'RUBRIC_EMPTY, RUBRIC_TOO_MANY_DIMENSIONS, RUBRIC_NAME_EMPTY, RUBRIC_NAME_TOO_LONG, RUBRIC_NAME_DUPLICATE, RUBRIC_GUIDANCE_TOO_LONG, RUBRIC_WEIGHT_INVALID, RUBRIC_WEIGHTS_ALL_ZERO, RUBRIC_KEY_INVALID, RUBRIC_KEY_DUPLICATE or RUBRIC_NOT_A_LIST; details lists every issue with its dimension index.',
      ),
      403: error('Needs the interviewer role or higher (FORBIDDEN).'),
      404: error('No such assessment in your organization (ASSESSMENT_NOT_FOUND).'),
    },
  },
  {
    method: 'delete',
    path: '/api/assessments/{id}/rubric',
    route: 'api.assessments.$id.rubric',
    summary: 'Back to the default rubric (interviewers and above; audited)',
    auth: 'member',
    responses: {
      200: { description: 'The default rubric.', json: rubricViewSchema },
      403: error('Needs the interviewer role or higher (FORBIDDEN).'),
      404: error('No such assessment in your organization (ASSESSMENT_NOT_FOUND).'),
    },
  },
  {
    method: 'get',
    path: '/api/candidates/{id}/history',
    route: 'api.candidates.$id.history',
    summary:
      'The whole session history (update log, checkpoints, events, notes), binary and cacheable',
    auth: 'member',
    headers: [{ name: 'If-None-Match', description: 'An ETag: 304 when unchanged.' }],
    responses: {
      200: {
        description: 'protocol/history-format.ts encoding.',
        binary: 'application/vnd.tandem.history',
      },
      304: { description: 'Unchanged.' },
      401: error('Not signed in (a candidate’s cookie is not enough).'),
      404: error('No such candidate in your organization.'),
      409: error('The candidate has not started.'),
    },
  },
  {
    method: 'post',
    path: '/api/problems/try',
    route: 'api.problems.try',
    summary: 'Try a problem: its tests against its reference solution, before saving',
    auth: 'member',
    request: { json: tryProblemRequest },
    responses: {
      200: {
        description: 'start, one test_result per test (hidden marked), then done or error.',
        sse: testStreamEvents,
      },
      400: error('No visible test or no reference solution.'),
      403: error('Needs the interviewer role or higher.'),
    },
  },
  {
    method: 'get',
    path: '/healthz',
    route: 'server:healthz',
    summary: 'Liveness',
    auth: 'none',
    responses: { 200: { description: 'Alive.', json: healthSchema } },
  },
  {
    method: 'get',
    path: '/readyz',
    route: 'server:readyz',
    summary: 'Readiness: fails while the database is unreachable',
    auth: 'none',
    responses: {
      200: { description: 'Ready.', json: readinessSchema },
      503: { description: 'Not ready.', json: readinessSchema },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    route: 'server:metrics',
    summary: 'Prometheus metrics of the app (docs/operations.md lists them)',
    auth: 'none',
    responses: { 200: { description: 'Prometheus text exposition format 0.0.4.' } },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    route: 'api.openapi[.json]',
    summary: 'This document',
    auth: 'none',
    responses: { 200: { description: 'OpenAPI 3.1.' } },
  },
];
