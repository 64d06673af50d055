import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { reviewRubrics } from '../../db/schema/index.ts';
import { DEFAULT_RUBRIC, type RubricDimension, rubricSchema } from './rubric.ts';

/** The rubric of an assessment: its own, or the default. */
export async function rubricOf(db: Database, assessmentId: string): Promise<RubricDimension[]> {
  const [row] = await db
    .select({ dimensions: reviewRubrics.dimensions })
    .from(reviewRubrics)
    .where(eq(reviewRubrics.assessmentId, assessmentId));
  const parsed = rubricSchema.safeParse(row?.dimensions);
  return parsed.success ? parsed.data : [...DEFAULT_RUBRIC];
}

/** Sets an assessment's rubric (validated: throws a ZodError on a bad one). */
export async function setRubric(db: Database, assessmentId: string, dimensions: unknown) {
  const parsed = rubricSchema.parse(dimensions);
  await db
    .insert(reviewRubrics)
    .values({ assessmentId, dimensions: parsed })
    .onConflictDoUpdate({ target: reviewRubrics.assessmentId, set: { dimensions: parsed } });
  return parsed;
}
