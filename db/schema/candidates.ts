import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { CANDIDATE_STATUSES, SESSION_STATUSES } from '../../protocol/sessions.ts';
import { users } from './auth.ts';
import { createdAt, id, ts, updatedAt } from './columns.ts';
import { organizations } from './organizations.ts';
import { assessments, language, problems } from './problems.ts';

export const candidateStatus = pgEnum('candidate_status', CANDIDATE_STATUSES);
export const sessionStatus = pgEnum('session_status', SESSION_STATUSES);

/** How a candidate scored; the columns the dashboard aggregates. */
export interface ScoreDetails {
  visiblePassed: number;
  visibleTotal: number;
  hiddenPassed: number;
  hiddenTotal: number;
  aiPasteChars: number;
  finalChars: number;
  [key: string]: unknown;
}

export const candidates = pgTable(
  'candidates',
  {
    id: id(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    assessmentId: text('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    status: candidateStatus('status').notNull().default('INVITED'),
    /** SHA-256 of the invitation token; the token itself is only in the e-mail. */
    inviteTokenHash: text('invite_token_hash').unique(),
    inviteExpiresAt: ts('invite_expires_at'),
    inviteUsedAt: ts('invite_used_at'),
    inviteRevokedAt: ts('invite_revoked_at'),
    invitedById: text('invited_by_id').references(() => users.id, { onDelete: 'set null' }),
    invitedAt: ts('invited_at').notNull().defaultNow(),
    /** The candidate's own generated variant, when the assessment asks for one and it passed its tests. */
    problemId: text('problem_id').references(() => problems.id, { onDelete: 'set null' }),
    startedAt: ts('started_at'),
    completedAt: ts('completed_at'),
    /** 0–100; null until scored. */
    overallScore: real('overall_score'),
    visiblePassRate: real('visible_pass_rate'),
    hiddenPassRate: real('hidden_pass_rate'),
    timeToFirstPassSeconds: integer('time_to_first_pass_seconds'),
    testRunCount: integer('test_run_count'),
    /** Share (0–1) of the final code that came from AI pastes. */
    aiReliance: real('ai_reliance'),
    durationSeconds: integer('duration_seconds'),
    scoreDetails: jsonb('score_details').$type<ScoreDetails>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('candidates_org_status_idx').on(t.organizationId, t.status),
    index('candidates_org_invited_idx').on(t.organizationId, t.invitedAt),
    index('candidates_org_completed_idx').on(t.organizationId, t.completedAt),
    index('candidates_org_score_idx').on(t.organizationId, t.overallScore),
    index('candidates_assessment_status_idx').on(t.assessmentId, t.status),
    index('candidates_org_email_idx').on(t.organizationId, t.email),
  ],
);

export const interviewSessions = pgTable(
  'interview_sessions',
  {
    id: id(),
    candidateId: text('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    problemId: text('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'restrict' }),
    status: sessionStatus('status').notNull().default('ACTIVE'),
    startedAt: ts('started_at').notNull().defaultNow(),
    deadlineAt: ts('deadline_at').notNull(),
    pausedAt: ts('paused_at'),
    /** Total seconds spent paused; the deadline already includes them. */
    pausedSeconds: integer('paused_seconds').notNull().default(0),
    endedAt: ts('ended_at'),
    /** 'candidate', 'timer' or 'admin'. */
    endReason: text('end_reason'),
    sandboxId: text('sandbox_id'),
    /** Position of the problem the candidate is on (session_problems); 0 with one problem. */
    currentProblem: integer('current_problem').notNull().default(0),
    /** The language the candidate works in (decision 023); null: the problem's own. */
    language: language('language'),
    archiveKey: text('archive_key'),
    archiveBytes: integer('archive_bytes'),
    archivedAt: ts('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('interview_sessions_candidate_idx').on(t.candidateId),
    index('interview_sessions_org_status_idx').on(t.organizationId, t.status),
    index('interview_sessions_deadline_idx').on(t.status, t.deadlineAt),
  ],
);
