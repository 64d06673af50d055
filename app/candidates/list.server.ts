import { and, asc, count, desc, eq, ilike, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assessments, candidates } from '../../db/schema/index.ts';
import { CANDIDATE_STATUSES, type CandidateStatus } from '../../protocol/sessions.ts';
import { numberParam } from '../utils/url-number.server.ts';

export const CANDIDATE_SORTS = ['invited', 'name', 'score', 'completed'] as const;
export type CandidateSort = (typeof CANDIDATE_SORTS)[number];
export const PAGE_SIZE = 25;

export interface CandidateQuery {
  q?: string;
  status?: CandidateStatus;
  assessmentId?: string;
  sort?: CandidateSort;
  direction?: 'asc' | 'desc';
  page?: number;
}

/** Reads the list's query string, ignoring values it does not know. */
export function parseCandidateQuery(params: URLSearchParams): CandidateQuery {
  const status = params.get('status');
  const sort = params.get('sort');
  return {
    q: params.get('q')?.trim() || undefined,
    status: (CANDIDATE_STATUSES as readonly string[]).includes(status ?? '')
      ? (status as CandidateStatus)
      : undefined,
    assessmentId: params.get('assessment') || undefined,
    sort: (CANDIDATE_SORTS as readonly string[]).includes(sort ?? '')
      ? (sort as CandidateSort)
      : 'invited',
    direction: params.get('dir') === 'asc' ? 'asc' : 'desc',
    page: numberParam(params, 'page', { fallback: 1, min: 1, max: 1_000_000 }),
  };
}

const sortColumns = {
  invited: candidates.invitedAt,
  name: candidates.name,
  score: candidates.overallScore,
  completed: candidates.completedAt,
} as const;

/** One page of an organization's candidates, and the total that match. */
export async function listCandidates(db: Database, organizationId: string, query: CandidateQuery) {
  const where: SQL[] = [eq(candidates.organizationId, organizationId)];
  if (query.status) where.push(eq(candidates.status, query.status));
  if (query.assessmentId) where.push(eq(candidates.assessmentId, query.assessmentId));
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(candidates.name, pattern), ilike(candidates.email, pattern))!);
  }
  const column = sortColumns[query.sort ?? 'invited'];
  const order =
    query.direction === 'asc' ? sql`${column} asc nulls last` : sql`${column} desc nulls last`;
  const page = query.page ?? 1;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: candidates.id,
        name: candidates.name,
        email: candidates.email,
        status: candidates.status,
        invitedAt: candidates.invitedAt,
        completedAt: candidates.completedAt,
        overallScore: candidates.overallScore,
        aiReliance: candidates.aiReliance,
        assessmentId: candidates.assessmentId,
        assessmentTitle: assessments.title,
      })
      .from(candidates)
      .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
      .where(and(...where))
      .orderBy(order, desc(candidates.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db
      .select({ n: count() })
      .from(candidates)
      .where(and(...where)),
  ]);
  const matching = total?.n ?? 0;
  return { rows, total: matching, page, pages: Math.max(1, Math.ceil(matching / PAGE_SIZE)) };
}

/** Assessments for the filter menu. */
export function assessmentOptions(db: Database, organizationId: string) {
  return db
    .select({
      id: assessments.id,
      title: assessments.title,
      archived: isNotNull(assessments.archivedAt),
    })
    .from(assessments)
    .where(eq(assessments.organizationId, organizationId))
    .orderBy(asc(assessments.title));
}
