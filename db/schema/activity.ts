import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { interviewSessions } from './candidates.ts';
import { createdAt, id, ts } from './columns.ts';
import { organizations } from './organizations.ts';

/** One run of a test suite: visible tests on demand, or final grading. */
export const testRuns = pgTable(
  'test_runs',
  {
    id: id(),
    sessionId: text('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    /** 'visible' (candidate run), 'final' (visible + hidden at submission), 'reference'. */
    kind: text('kind').notNull().default('visible'),
    /** 'running', 'passed', 'failed', 'error'. */
    status: text('status').notNull().default('running'),
    total: integer('total').notNull().default(0),
    passed: integer('passed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    durationMs: integer('duration_ms'),
    error: text('error'),
    /** Which of the session's problems ran (session_problems.position); 0 with one problem. */
    problemPosition: integer('problem_position').notNull().default(0),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('test_runs_session_idx').on(t.sessionId, t.startedAt)],
);

export const testResults = pgTable(
  'test_results',
  {
    id: id(),
    runId: text('run_id')
      .notNull()
      .references(() => testRuns.id, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    name: text('name').notNull(),
    passed: boolean('passed').notNull(),
    hidden: boolean('hidden').notNull().default(false),
    durationMs: integer('duration_ms').notNull().default(0),
    output: text('output'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [index('test_results_run_idx').on(t.runId, t.index)],
);

/** One turn with the AI assistant. */
export const aiInteractions = pgTable(
  'ai_interactions',
  {
    id: id(),
    sessionId: text('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    prompt: text('prompt').notNull(),
    response: text('response').notNull().default(''),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    latencyMs: integer('latency_ms').notNull().default(0),
    firstTokenMs: integer('first_token_ms'),
    stopReason: text('stop_reason'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [index('ai_interactions_session_idx').on(t.sessionId, t.createdAt)],
);

/** A file's content at a moment (submission, or periodic). */
export const codeSnapshots = pgTable(
  'code_snapshots',
  {
    id: id(),
    sessionId: text('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    language: text('language').notNull(),
    contentHash: text('content_hash').notNull(),
    content: text('content').notNull(),
    /** 'submit' or 'periodic'. */
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('code_snapshots_session_idx').on(t.sessionId, t.createdAt)],
);

/** Every e-mail Tandem sends, whether through Resend or kept in the outbox. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: id(),
    organizationId: text('organization_id').references(() => organizations.id, {
      onDelete: 'cascade',
    }),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    /** What the mail is about: 'candidate-invite', 'submission-candidate', … */
    kind: text('kind').notNull(),
    /** 'outbox' (kept here only), 'sent', 'failed'. */
    status: text('status').notNull(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [index('email_outbox_org_created_idx').on(t.organizationId, t.createdAt)],
);
