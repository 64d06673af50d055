import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
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
    /**
     * 'outbox' (kept here only), 'sent', 'failed'; a mail queued in a
     * transaction (Mailer.queue) is 'queued' until a deliverer claims it,
     * 'sending' while claimed (until `lease_until`).
     */
    status: text('status').notNull(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    /**
     * One mail per key: a queued mail's key (e.g. 'submission-candidate:<session>'),
     * also sent to Resend as its Idempotency-Key so a retried delivery is not a second mail.
     */
    idempotencyKey: text('idempotency_key'),
    /** When the outbox deliverer may next try a queued mail (backoff after a failure). */
    nextAttemptAt: ts('next_attempt_at'),
    /** A 'sending' mail belongs to its deliverer until then; after that another may take it over. */
    leaseUntil: ts('lease_until'),
    createdAt: createdAt(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('email_outbox_org_created_idx').on(t.organizationId, t.createdAt),
    uniqueIndex('email_outbox_idempotency_key_idx').on(t.idempotencyKey),
    index('email_outbox_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/**
 * The archive a submitted interview still owes (decision 016): queued in the
 * submission's transaction, so a process killed after the commit leaves it
 * here for the deadline watcher, which retries it with backoff under a lease.
 */
export const archiveJobs = pgTable(
  'archive_jobs',
  {
    id: id(),
    sessionId: text('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** queued | running | done | failed (gave up after the last attempt) */
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    leaseUntil: ts('lease_until'),
    error: text('error'),
    createdAt: createdAt(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    uniqueIndex('archive_jobs_session_idx').on(t.sessionId),
    index('archive_jobs_due_idx').on(t.status, t.nextAttemptAt),
  ],
);
