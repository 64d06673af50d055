import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { interviewSessions } from './candidates.ts';
import { ts } from './columns.ts';
import { problems } from './problems.ts';

/**
 * The problems of one interview session, in order (decision 021): fixed when
 * the session starts, so editing the assessment later never changes a running
 * interview. `folder` is where the problem's files live in the session
 * document: '' (the root) when the session has one problem, as before.
 */
export const sessionProblems = pgTable(
  'session_problems',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    problemId: text('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'restrict' }),
    folder: text('folder').notNull(),
    /** When the candidate first opened it (the first problem: when the session started). */
    openedAt: ts('opened_at'),
    /** When the candidate marked it done and moved on. */
    submittedAt: ts('submitted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.position] }),
    index('session_problems_problem_idx').on(t.problemId),
  ],
);
