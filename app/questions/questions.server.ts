import { and, arrayContains, asc, count, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assessmentProblems, problems } from '../../db/schema/index.ts';
import { gradingSpec } from '../../protocol/grading.ts';
import type { Difficulty, Language } from '../../protocol/problems.ts';
import type { ProblemInput } from './problem-input.ts';

export interface ProblemFilters {
  q?: string;
  difficulty?: Difficulty;
  category?: string;
  tag?: string;
  language?: Language;
  includeArchived?: boolean;
}

/** The question bank with search and filters; hidden cases stay out of the list. */
export async function listProblems(db: Database, organizationId: string, filters: ProblemFilters) {
  const where: SQL[] = [eq(problems.organizationId, organizationId)];
  if (!filters.includeArchived) where.push(isNull(problems.archivedAt));
  if (filters.difficulty) where.push(eq(problems.difficulty, filters.difficulty));
  if (filters.language) where.push(eq(problems.language, filters.language));
  if (filters.category) where.push(eq(problems.category, filters.category));
  if (filters.tag) where.push(arrayContains(problems.tags, [filters.tag]));
  if (filters.q?.trim()) {
    const pattern = `%${filters.q.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(problems.title, pattern),
        ilike(problems.description, pattern),
        ilike(problems.category, pattern),
      )!,
    );
  }
  return db
    .select({
      id: problems.id,
      title: problems.title,
      difficulty: problems.difficulty,
      category: problems.category,
      tags: problems.tags,
      language: problems.language,
      estimatedMinutes: problems.estimatedMinutes,
      archivedAt: problems.archivedAt,
      generated: problems.generated,
    })
    .from(problems)
    .where(and(...where))
    .orderBy(asc(problems.title));
}

/** Categories and tags in use, for the filter menus. */
export async function problemFacets(db: Database, organizationId: string) {
  const rows = await db
    .select({ category: problems.category, tags: problems.tags })
    .from(problems)
    .where(and(eq(problems.organizationId, organizationId), isNull(problems.archivedAt)));
  return {
    categories: [...new Set(rows.map((row) => row.category))].sort(),
    tags: [...new Set(rows.flatMap((row) => row.tags))].sort(),
  };
}

export async function getProblem(db: Database, organizationId: string, problemId: string) {
  const [row] = await db
    .select()
    .from(problems)
    .where(and(eq(problems.id, problemId), eq(problems.organizationId, organizationId)));
  return row ?? null;
}

export async function createProblem(
  db: Database,
  organizationId: string,
  userId: string | null,
  input: ProblemInput,
  origin: { generated?: boolean; parentProblemId?: string; archivedAt?: Date } = {},
) {
  const [row] = await db
    .insert(problems)
    .values({ ...input, ...origin, organizationId, createdById: userId })
    .returning({ id: problems.id });
  return row!.id;
}

export async function updateProblem(
  db: Database,
  organizationId: string,
  problemId: string,
  input: ProblemInput,
) {
  const [row] = await db
    .update(problems)
    .set(input)
    .where(and(eq(problems.id, problemId), eq(problems.organizationId, organizationId)))
    .returning({ id: problems.id });
  if (!row) throw new Response('Problem not found.', { status: 404 });
}

/** Deletes a problem no assessment uses; otherwise archives it so past sessions keep it. */
export async function removeProblem(
  db: Database,
  organizationId: string,
  problemId: string,
): Promise<'deleted' | 'archived'> {
  const problem = await getProblem(db, organizationId, problemId);
  if (!problem) throw new Response('Problem not found.', { status: 404 });
  const [used] = await db
    .select({ n: count() })
    .from(assessmentProblems)
    .where(eq(assessmentProblems.problemId, problemId));
  if ((used?.n ?? 0) > 0) {
    await db.update(problems).set({ archivedAt: new Date() }).where(eq(problems.id, problemId));
    return 'archived';
  }
  try {
    await db.delete(problems).where(eq(problems.id, problemId));
    return 'deleted';
  } catch {
    // A session still points at it (restrict): keep it, archived.
    await db.update(problems).set({ archivedAt: new Date() }).where(eq(problems.id, problemId));
    return 'archived';
  }
}

export async function restoreProblem(db: Database, organizationId: string, problemId: string) {
  await db
    .update(problems)
    .set({ archivedAt: null })
    .where(and(eq(problems.id, problemId), eq(problems.organizationId, organizationId)));
}

/** Imports validated problems in one transaction: all of them or none. */
export async function importProblems(
  db: Database,
  organizationId: string,
  userId: string,
  inputs: ProblemInput[],
) {
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(problems)
      .values(inputs.map((input) => ({ ...input, organizationId, createdById: userId })))
      .returning({ id: problems.id });
    return rows.length;
  });
}

/** Problems as the exchange format carries them. */
export async function exportableProblems(
  db: Database,
  organizationId: string,
): Promise<ProblemInput[]> {
  const rows = await db
    .select()
    .from(problems)
    .where(and(eq(problems.organizationId, organizationId), isNull(problems.archivedAt)))
    .orderBy(asc(problems.title));
  return rows.map(toProblemInput);
}

/** A stored problem as the exchange format (and the editor) carries it. */
export function toProblemInput(row: typeof problems.$inferSelect): ProblemInput {
  return {
    title: row.title,
    description: row.description,
    difficulty: row.difficulty,
    category: row.category,
    tags: row.tags,
    language: row.language,
    estimatedMinutes: row.estimatedMinutes,
    starterFiles: row.starterFiles,
    visibleTests: row.visibleTests,
    grading: row.grading ? gradingSpec.parse(row.grading) : null,
    referenceSolution: row.referenceSolution,
    languageVersions: row.languageVersions,
  };
}
