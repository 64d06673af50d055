import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { assessmentProblems, assessments, candidates, problems } from '../../db/schema/index.ts';
import { AI_POLICIES } from '../../protocol/room.ts';

/** The assessment form, as submitted. */
export const assessmentInput = z.object({
  title: z.string().trim().min(3, 'Give the assessment a title of at least 3 characters.').max(120),
  description: z.string().trim().max(2000).default(''),
  durationMinutes: z.coerce
    .number({ message: 'Duration must be a number of minutes.' })
    .int()
    .min(5, 'Duration must be at least 5 minutes.')
    .max(480, 'Duration must be at most 8 hours.'),
  enableAI: z.boolean(),
  /** What the assistant may do when it is on: hints only, or full help. */
  aiPolicy: z.enum(AI_POLICIES).default('full'),
  enableTerminal: z.boolean(),
  /** A generated, test-checked variant of the first problem for each candidate (needs the AI key). */
  variantPerCandidate: z.boolean().default(false),
  /** Pair mode (decision 027): interviewers watching live may edit the code. */
  pairMode: z.boolean().default(false),
  problemIds: z.array(z.string().min(1)).min(1, 'Choose at least one problem.').max(10),
});
export type AssessmentInput = z.infer<typeof assessmentInput>;

/** Reads the assessment form (checkboxes and the ordered problem list). */
export function parseAssessmentForm(form: FormData) {
  return assessmentInput.safeParse({
    title: form.get('title') ?? '',
    description: form.get('description') ?? '',
    durationMinutes: form.get('durationMinutes') ?? '',
    enableAI: form.get('enableAI') === 'on',
    aiPolicy: form.get('aiPolicy') ?? undefined,
    enableTerminal: form.get('enableTerminal') === 'on',
    variantPerCandidate: form.get('variantPerCandidate') === 'on',
    pairMode: form.get('pairMode') === 'on',
    problemIds: form.getAll('problemIds').map(String).filter(Boolean),
  });
}

/** Field → first message, for showing errors beside inputs. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}

async function assertProblemsBelong(db: Database, organizationId: string, problemIds: string[]) {
  const rows = await db
    .select({ id: problems.id })
    .from(problems)
    .where(
      and(
        eq(problems.organizationId, organizationId),
        inArray(problems.id, problemIds),
        isNull(problems.archivedAt),
      ),
    );
  if (rows.length !== new Set(problemIds).size) {
    throw new Response('One of the chosen problems does not exist in this organization.', {
      status: 400,
    });
  }
}

export async function createAssessment(
  db: Database,
  organizationId: string,
  userId: string,
  input: AssessmentInput,
): Promise<string> {
  await assertProblemsBelong(db, organizationId, input.problemIds);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assessments)
      .values({
        organizationId,
        createdById: userId,
        title: input.title,
        description: input.description,
        durationMinutes: input.durationMinutes,
        enableAI: input.enableAI,
        aiPolicy: input.aiPolicy,
        enableTerminal: input.enableTerminal,
        variantPerCandidate: input.variantPerCandidate,
        pairMode: input.pairMode,
      })
      .returning({ id: assessments.id });
    await tx.insert(assessmentProblems).values(
      input.problemIds.map((problemId, position) => ({
        assessmentId: row!.id,
        problemId,
        position,
      })),
    );
    return row!.id;
  });
}

/**
 * Saves the assessment form. Says whether pair mode went from on to off (read
 * under the row's lock, so two saves cannot both miss it): the caller then
 * stops interviewers already editing (app/collab/pairing.server.ts).
 */
export async function updateAssessment(
  db: Database,
  organizationId: string,
  assessmentId: string,
  input: AssessmentInput,
): Promise<{ pairModeTurnedOff: boolean }> {
  await assertProblemsBelong(db, organizationId, input.problemIds);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ pairMode: assessments.pairMode })
      .from(assessments)
      .where(and(eq(assessments.id, assessmentId), eq(assessments.organizationId, organizationId)))
      .for('update');
    if (!before) throw new Response('Assessment not found.', { status: 404 });
    const updated = await tx
      .update(assessments)
      .set({
        title: input.title,
        description: input.description,
        durationMinutes: input.durationMinutes,
        enableAI: input.enableAI,
        aiPolicy: input.aiPolicy,
        enableTerminal: input.enableTerminal,
        variantPerCandidate: input.variantPerCandidate,
        pairMode: input.pairMode,
      })
      .where(and(eq(assessments.id, assessmentId), eq(assessments.organizationId, organizationId)))
      .returning({ id: assessments.id });
    if (updated.length === 0) throw new Response('Assessment not found.', { status: 404 });
    await tx.delete(assessmentProblems).where(eq(assessmentProblems.assessmentId, assessmentId));
    await tx
      .insert(assessmentProblems)
      .values(
        input.problemIds.map((problemId, position) => ({ assessmentId, problemId, position })),
      );
    return { pairModeTurnedOff: before.pairMode && !input.pairMode };
  });
}

/**
 * Deletes an assessment nobody has started; one with started or finished
 * candidates is archived instead, so their sessions and scores stay.
 */
export async function deleteAssessment(
  db: Database,
  organizationId: string,
  assessmentId: string,
): Promise<'deleted' | 'archived'> {
  const assessment = await getAssessment(db, organizationId, assessmentId);
  if (!assessment) throw new Response('Assessment not found.', { status: 404 });
  const [started] = await db
    .select({ n: count() })
    .from(candidates)
    .where(and(eq(candidates.assessmentId, assessmentId), sql`${candidates.status} <> 'INVITED'`));
  if ((started?.n ?? 0) > 0) {
    await db
      .update(assessments)
      .set({ archivedAt: new Date() })
      .where(eq(assessments.id, assessmentId));
    return 'archived';
  }
  await db.delete(assessments).where(eq(assessments.id, assessmentId));
  return 'deleted';
}

export async function getAssessment(db: Database, organizationId: string, assessmentId: string) {
  const [row] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organizationId, organizationId)));
  if (!row) return null;
  const problemRows = await db
    .select({
      id: problems.id,
      title: problems.title,
      language: problems.language,
      difficulty: problems.difficulty,
    })
    .from(assessmentProblems)
    .innerJoin(problems, eq(problems.id, assessmentProblems.problemId))
    .where(eq(assessmentProblems.assessmentId, assessmentId))
    .orderBy(asc(assessmentProblems.position));
  return { ...row, problems: problemRows };
}

/** The organization's assessments with candidate counts by status. */
export async function listAssessments(db: Database, organizationId: string) {
  return db
    .select({
      id: assessments.id,
      title: assessments.title,
      durationMinutes: assessments.durationMinutes,
      enableAI: assessments.enableAI,
      enableTerminal: assessments.enableTerminal,
      createdAt: assessments.createdAt,
      archivedAt: assessments.archivedAt,
      invited: sql<number>`count(${candidates.id})::int`,
      completed: sql<number>`count(${candidates.id}) filter (where ${candidates.status} = 'COMPLETED')::int`,
      inProgress: sql<number>`count(${candidates.id}) filter (where ${candidates.status} = 'IN_PROGRESS')::int`,
    })
    .from(assessments)
    .leftJoin(candidates, eq(candidates.assessmentId, assessments.id))
    .where(eq(assessments.organizationId, organizationId))
    .groupBy(assessments.id)
    .orderBy(desc(assessments.createdAt));
}

/** Problems that can go into an assessment. */
export async function availableProblems(db: Database, organizationId: string) {
  return db
    .select({
      id: problems.id,
      title: problems.title,
      language: problems.language,
      difficulty: problems.difficulty,
      estimatedMinutes: problems.estimatedMinutes,
    })
    .from(problems)
    .where(and(eq(problems.organizationId, organizationId), isNull(problems.archivedAt)))
    .orderBy(asc(problems.title));
}
