import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { candidates } from './candidates.ts';
import { createdAt, id, ts } from './columns.ts';

/**
 * One-time codes e-mailed to a started candidate who opens their invitation
 * on another browser: proving they read the invited mailbox resumes the same
 * session there (app/interview/resume-codes.server.ts). Only a hash is kept.
 */
export const resumeCodes = pgTable(
  'resume_codes',
  {
    id: id(),
    candidateId: text('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    /** Wrong guesses against this code; at the limit it stops working. */
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('resume_codes_candidate_idx').on(t.candidateId, t.createdAt)],
);
