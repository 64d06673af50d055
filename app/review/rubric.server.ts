import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assessments, auditLog, reviewRubrics } from '../../db/schema/index.ts';
import { CodedError } from '../utils/coded-error.ts';
import {
  DEFAULT_RUBRIC,
  type RubricDimension,
  type RubricIssue,
  rubricSchema,
  validateRubric,
} from './rubric.ts';

/** The rubric of an assessment: its own, or the default. */
export async function rubricOf(db: Database, assessmentId: string): Promise<RubricDimension[]> {
  const [row] = await db
    .select({ dimensions: reviewRubrics.dimensions })
    .from(reviewRubrics)
    .where(eq(reviewRubrics.assessmentId, assessmentId));
  const parsed = rubricSchema.safeParse(row?.dimensions);
  return parsed.success ? parsed.data : DEFAULT_RUBRIC.map((d) => ({ ...d }));
}

/** Sets an assessment's rubric (validated: throws a ZodError on a bad one). For seeds and tests. */
export async function setRubric(db: Database, assessmentId: string, dimensions: unknown) {
  const parsed = rubricSchema.parse(dimensions);
  await db
    .insert(reviewRubrics)
    .values({ assessmentId, dimensions: parsed })
    .onConflictDoUpdate({
      target: reviewRubrics.assessmentId,
      set: { dimensions: parsed, updatedAt: new Date() },
    });
  return parsed;
}

export type RubricErrorCode = 'ASSESSMENT_NOT_FOUND' | RubricIssue['code'];

/** A rubric edit that was refused; `issues` lists every problem of the rubric sent. */
export class RubricError extends CodedError<RubricErrorCode> {
  readonly issues: RubricIssue[];
  constructor(code: RubricErrorCode, message: string, status = 400, issues: RubricIssue[] = []) {
    super(code, message, status);
    this.issues = issues;
  }
}

/** What the rubric page and API show. */
export interface RubricView {
  assessmentId: string;
  assessmentTitle: string;
  /** False: the assessment uses the default rubric. */
  custom: boolean;
  dimensions: RubricDimension[];
  updatedAt: string | null;
}

async function assessmentOf(db: Database, organizationId: string, assessmentId: string) {
  const [assessment] = await db
    .select({ id: assessments.id, title: assessments.title })
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organizationId, organizationId)));
  if (!assessment) {
    throw new RubricError('ASSESSMENT_NOT_FOUND', 'No such assessment in your organization.', 404);
  }
  return assessment;
}

/** An assessment's rubric, for a member of its organization (another's is not found). */
export async function loadRubric(
  db: Database,
  organizationId: string,
  assessmentId: string,
): Promise<RubricView> {
  const assessment = await assessmentOf(db, organizationId, assessmentId);
  const [row] = await db
    .select()
    .from(reviewRubrics)
    .where(eq(reviewRubrics.assessmentId, assessment.id));
  const parsed = rubricSchema.safeParse(row?.dimensions);
  return {
    assessmentId: assessment.id,
    assessmentTitle: assessment.title,
    custom: Boolean(row && parsed.success),
    dimensions: parsed.success ? parsed.data : DEFAULT_RUBRIC.map((d) => ({ ...d })),
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

export interface RubricActor {
  userId: string;
  organizationId: string;
}

/**
 * Saves an edited rubric: validated (every issue with its code), stored, and
 * audited with the rubric before and after, in one transaction. Reviews made
 * from now on use it; reviews already made keep the rubric they were made with
 * (`ai_reviews.rubric`).
 */
export async function saveRubric(
  db: Database,
  actor: RubricActor,
  assessmentId: string,
  input: unknown,
): Promise<RubricView> {
  await assessmentOf(db, actor.organizationId, assessmentId);
  const result = validateRubric(input);
  if (!result.ok) {
    const first = result.issues[0]!;
    throw new RubricError(first.code, first.message, 400, result.issues);
  }
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ dimensions: reviewRubrics.dimensions })
      .from(reviewRubrics)
      .where(eq(reviewRubrics.assessmentId, assessmentId));
    await tx
      .insert(reviewRubrics)
      .values({ assessmentId, dimensions: result.dimensions })
      .onConflictDoUpdate({
        target: reviewRubrics.assessmentId,
        set: { dimensions: result.dimensions, updatedAt: new Date() },
      });
    await tx.insert(auditLog).values({
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: 'review.rubric.updated',
      targetType: 'assessment',
      targetId: assessmentId,
      data: { before: before?.dimensions ?? null, after: result.dimensions },
    });
  });
  return loadRubric(db, actor.organizationId, assessmentId);
}

/** Back to the default rubric (the assessment's own is removed), audited. */
export async function resetRubric(
  db: Database,
  actor: RubricActor,
  assessmentId: string,
): Promise<RubricView> {
  await assessmentOf(db, actor.organizationId, assessmentId);
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(reviewRubrics)
      .where(eq(reviewRubrics.assessmentId, assessmentId))
      .returning({ dimensions: reviewRubrics.dimensions });
    await tx.insert(auditLog).values({
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: 'review.rubric.reset',
      targetType: 'assessment',
      targetId: assessmentId,
      data: { before: removed?.dimensions ?? null, after: null },
    });
  });
  return loadRubric(db, actor.organizationId, assessmentId);
}
