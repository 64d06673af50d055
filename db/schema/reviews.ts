import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { candidates, interviewSessions } from './candidates.ts';
import { createdAt, id, ts, updatedAt } from './columns.ts';
import { organizations } from './organizations.ts';
import { assessments } from './problems.ts';

/** A dimension of a rubric, as stored (see app/review/rubric.ts). */
export interface StoredRubricDimension {
  key: string;
  label: string;
  guidance: string;
  /** Relative weight in the review's weighted score (absent before weights existed: 1). */
  weight?: number | undefined;
}

/** A citation of the replay: an instant (ms since the session started) and the text shown there. */
export interface StoredCitation {
  t: number;
  quote: string;
  /** The file the quote is in, when it is code. */
  path?: string | undefined;
  /** Why a citation was dropped (only on dropped ones). */
  reason?: string | undefined;
}

/**
 * The AI review of one submitted interview, and its job: queued on submission,
 * claimed by one worker at a time (lease), retried with backoff, done once.
 * `problemId` names the problem reviewed (per-problem reviews later).
 */
export const aiReviews = pgTable(
  'ai_reviews',
  {
    id: id(),
    sessionId: text('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    candidateId: text('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    problemId: text('problem_id'),
    /** queued | running | done | failed | off */
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    leaseUntil: ts('lease_until'),
    error: text('error'),
    model: text('model'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    latencyMs: integer('latency_ms'),
    summary: text('summary'),
    rubric: jsonb('rubric').$type<StoredRubricDimension[]>(),
    createdAt: createdAt(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    uniqueIndex('ai_reviews_session_idx').on(t.sessionId),
    index('ai_reviews_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** One rubric dimension of a review: the model's score and the reviewer's decision. */
export const aiReviewScores = pgTable(
  'ai_review_scores',
  {
    reviewId: text('review_id')
      .notNull()
      .references(() => aiReviews.id, { onDelete: 'cascade' }),
    dimension: text('dimension').notNull(),
    label: text('label').notNull(),
    position: integer('position').notNull(),
    /** 1 … 5, as the model gave it. */
    modelScore: doublePrecision('model_score').notNull(),
    reasoning: text('reasoning').notNull(),
    citations: jsonb('citations').$type<StoredCitation[]>().notNull().default([]),
    droppedCitations: jsonb('dropped_citations').$type<StoredCitation[]>().notNull().default([]),
    /** supported | less-supported | unsupported */
    support: text('support').notNull(),
    /** pending | accepted | changed | rejected */
    decision: text('decision').notNull().default('pending'),
    /** The reviewer's score: the model's when accepted, theirs when changed, null when rejected. */
    finalScore: doublePrecision('final_score'),
    decisionNote: text('decision_note'),
    decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: ts('decided_at'),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.dimension] })],
);

/** The rubric an assessment's reviews use; without a row, the default rubric. */
export const reviewRubrics = pgTable('review_rubrics', {
  assessmentId: text('assessment_id')
    .primaryKey()
    .references(() => assessments.id, { onDelete: 'cascade' }),
  dimensions: jsonb('dimensions').$type<StoredRubricDimension[]>().notNull(),
  updatedAt: updatedAt(),
});
