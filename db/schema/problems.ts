import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import type { GradingSpecInput } from '../../protocol/grading.ts';
import {
  DIFFICULTIES,
  LANGUAGES,
  type Language,
  type LanguageVersion,
  type ProblemFile,
} from '../../protocol/problems.ts';
import type { AiPolicy } from '../../protocol/room.ts';
import { users } from './auth.ts';
import { createdAt, id, ts, updatedAt } from './columns.ts';
import { organizations } from './organizations.ts';

export const difficulty = pgEnum('difficulty', DIFFICULTIES);
export const language = pgEnum('language', LANGUAGES);

/** The question bank. Hidden cases never leave the server: the bridge judges them. */
export const problems = pgTable(
  'problems',
  {
    id: id(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    difficulty: difficulty('difficulty').notNull(),
    category: text('category').notNull().default('general'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    language: language('language').notNull(),
    starterFiles: jsonb('starter_files').$type<ProblemFile[]>().notNull(),
    visibleTests: jsonb('visible_tests').$type<ProblemFile[]>().notNull(),
    /**
     * Hidden grading as data (protocol/grading.ts): calls and expected values,
     * judged in the bridge. Null: the problem has visible tests only.
     */
    grading: jsonb('grading').$type<GradingSpecInput>(),
    /**
     * Hidden test files of format 1. No longer run: they ran in the candidate's
     * process, which could fake their results (decision 014). Kept so that
     * their author can turn them into cases; new problems leave it empty.
     */
    legacyHiddenTests: jsonb('hidden_tests')
      .$type<ProblemFile[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    referenceSolution: jsonb('reference_solution').$type<ProblemFile[]>(),
    /**
     * The problem in its other languages (decision 023): starter, visible tests,
     * reference and module per language. The hidden cases are shared.
     */
    languageVersions:
      jsonb('language_versions').$type<Partial<Record<Language, LanguageVersion>>>(),
    estimatedMinutes: integer('estimated_minutes').notNull().default(30),
    /** Set when the problem was generated as a variant of another one. */
    parentProblemId: text('parent_problem_id'),
    generated: boolean('generated').notNull().default(false),
    createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    archivedAt: ts('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('problems_org_idx').on(t.organizationId, t.archivedAt),
    index('problems_parent_idx').on(t.parentProblemId),
  ],
);

export const assessments = pgTable(
  'assessments',
  {
    id: id(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    durationMinutes: integer('duration_minutes').notNull(),
    enableAI: boolean('enable_ai').notNull().default(true),
    enableTerminal: boolean('enable_terminal').notNull().default(true),
    /** Each candidate gets a generated variant of the first problem, checked by its tests. */
    variantPerCandidate: boolean('variant_per_candidate').notNull().default(false),
    /** What the AI assistant may do: 'off', 'hints' (never solution code) or 'full' (protocol/room.ts). */
    aiPolicy: text('ai_policy').$type<AiPolicy>().notNull().default('full'),
    /** Pair mode (decision 027): interviewers watching live may edit the code with the candidate. */
    pairMode: boolean('pair_mode').notNull().default(false),
    /**
     * Languages the candidate may pick from (decision 023), among those the
     * problem offers. Empty: the problem's own language, fixed.
     */
    languages: language('languages').array().notNull().default(sql`'{}'`),
    createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    archivedAt: ts('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('assessments_org_idx').on(t.organizationId, t.createdAt)],
);

/** Ordered problems of an assessment. */
export const assessmentProblems = pgTable(
  'assessment_problems',
  {
    assessmentId: text('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    problemId: text('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.position] }),
    index('assessment_problems_problem_idx').on(t.problemId),
  ],
);
