import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assessments, candidates } from '../../db/schema/index.ts';

/** Headline numbers of an organization, in one aggregate query. */
export async function dashboardKpis(db: Database, organizationId: string) {
  const [row] = await db
    .select({
      invited: sql<number>`count(*)::int`,
      inProgress: sql<number>`count(*) filter (where ${candidates.status} = 'IN_PROGRESS')::int`,
      completed: sql<number>`count(*) filter (where ${candidates.status} = 'COMPLETED')::int`,
      expired: sql<number>`count(*) filter (where ${candidates.status} = 'EXPIRED')::int`,
      averageScore: sql<number | null>`avg(${candidates.overallScore})::float8`,
      passRate: sql<
        number | null
      >`avg(case when ${candidates.overallScore} is null then null when ${candidates.overallScore} >= 70 then 1.0 else 0.0 end)::float8`,
      averageSeconds: sql<number | null>`avg(${candidates.durationSeconds})::float8`,
    })
    .from(candidates)
    .where(eq(candidates.organizationId, organizationId));
  return row!;
}

/** The latest candidates of an organization with their assessment. */
export async function recentCandidates(db: Database, organizationId: string, limit = 10) {
  return db
    .select({
      id: candidates.id,
      name: candidates.name,
      email: candidates.email,
      status: candidates.status,
      overallScore: candidates.overallScore,
      invitedAt: candidates.invitedAt,
      assessmentTitle: assessments.title,
    })
    .from(candidates)
    .innerJoin(assessments, and(eq(assessments.id, candidates.assessmentId)))
    .where(eq(candidates.organizationId, organizationId))
    .orderBy(desc(candidates.invitedAt))
    .limit(limit);
}

/** Each assessment's funnel: invited → started → completed → passed (score ≥ 70). */
export async function assessmentFunnels(db: Database, organizationId: string) {
  return db
    .select({
      id: assessments.id,
      title: assessments.title,
      invited: sql<number>`count(${candidates.id})::int`,
      started: sql<number>`count(${candidates.id}) filter (where ${candidates.status} in ('IN_PROGRESS', 'COMPLETED'))::int`,
      completed: sql<number>`count(${candidates.id}) filter (where ${candidates.status} = 'COMPLETED')::int`,
      passed: sql<number>`count(${candidates.id}) filter (where ${candidates.overallScore} >= 70)::int`,
      averageScore: sql<number | null>`avg(${candidates.overallScore})::float8`,
    })
    .from(assessments)
    .leftJoin(candidates, eq(candidates.assessmentId, assessments.id))
    .where(eq(assessments.organizationId, organizationId))
    .groupBy(assessments.id)
    .orderBy(desc(sql`count(${candidates.id})`))
    .limit(12);
}
