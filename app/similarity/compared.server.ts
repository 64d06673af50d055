// Pairwise similarity of the candidates on the comparison page: each pair of
// the compared candidates, scored the way the candidate page scores it
// (against every handed-in submission of the problem, so idioms most of them
// share do not count), with the matching passages side by side.
import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { candidates, interviewSessions, problems } from '../../db/schema/index.ts';
import { findSimilar, type SourceFile } from './compare.ts';
import {
  type AiRuns,
  aiRunsOf,
  finalFiles,
  MAX_COMPARED,
  type QuotedPassage,
  quote,
} from './similar-candidates.server.ts';

export type ComparedPairState =
  /** Both handed in the same problem (or variants of it): scored. */
  | 'compared'
  /** They solved different problems: nothing to compare. */
  | 'different-problem'
  /** One of them has not handed in yet. */
  | 'not-submitted';

export interface ComparedPair {
  a: { candidateId: string; name: string };
  b: { candidateId: string; name: string };
  state: ComparedPairState;
  /** Shared share of the smaller submission's fingerprints, 0–1 (0 when nothing is shared). */
  score: number;
  flagged: boolean;
  passages: { a: QuotedPassage; b: QuotedPassage }[];
}

export interface ComparedSimilarity {
  pairs: ComparedPair[];
  /** How many handed-in submissions the scores were computed among (every problem together). */
  submissionsConsidered: number;
}

const ENDED = ['COMPLETED', 'EXPIRED'] as const;

/**
 * Every pair of the given candidates (in the order given), for a member of
 * their organization; candidates of another organization are simply absent.
 */
export async function comparedSimilarity(
  db: Database,
  organizationId: string,
  candidateIds: string[],
): Promise<ComparedSimilarity> {
  if (candidateIds.length < 2) return { pairs: [], submissionsConsidered: 0 };
  const family = sql<string>`coalesce(${problems.parentProblemId}, ${problems.id})`;
  const rows = await db
    .select({
      candidateId: candidates.id,
      name: candidates.name,
      sessionId: interviewSessions.id,
      status: interviewSessions.status,
      family,
      starterFiles: problems.starterFiles,
      visibleTests: problems.visibleTests,
    })
    .from(candidates)
    .leftJoin(interviewSessions, eq(interviewSessions.candidateId, candidates.id))
    .leftJoin(problems, eq(problems.id, interviewSessions.problemId))
    .where(
      and(eq(candidates.organizationId, organizationId), inArray(candidates.id, candidateIds)),
    );
  const byCandidate = new Map(rows.map((row) => [row.candidateId, row]));
  const compared = candidateIds.flatMap((id) => {
    const row = byCandidate.get(id);
    return row ? [row] : [];
  });
  const ended = (row: (typeof rows)[number]) =>
    Boolean(row.sessionId && row.family && (ENDED as readonly string[]).includes(row.status ?? ''));

  // Per family of the ended compared submissions: the pairs among all of the family's submissions.
  const scored = new Map<string, ReturnType<typeof findSimilar>>();
  const filesOf = new Map<string, SourceFile[]>();
  let considered = 0;
  const families = [...new Set(compared.filter(ended).map((row) => row.family!))];
  for (const name of families) {
    const own = compared.filter((row) => ended(row) && row.family === name);
    if (own.length < 2) continue;
    const others = await db
      .select({
        sessionId: interviewSessions.id,
        starterFiles: problems.starterFiles,
        visibleTests: problems.visibleTests,
      })
      .from(interviewSessions)
      .innerJoin(problems, eq(problems.id, interviewSessions.problemId))
      .where(
        and(
          eq(interviewSessions.organizationId, organizationId),
          inArray(interviewSessions.status, [...ENDED]),
          notInArray(
            interviewSessions.id,
            own.map((row) => row.sessionId!),
          ),
          sql`${family} = ${name}`,
        ),
      )
      .orderBy(desc(interviewSessions.endedAt))
      .limit(MAX_COMPARED);
    const sessions = [...own.map((row) => row.sessionId!), ...others.map((row) => row.sessionId)];
    for (const id of sessions) filesOf.set(id, await finalFiles(db, id));
    considered += sessions.length;
    // The files any variant handed out never count (starter code, the problem's tests).
    const given = [...own, ...others].flatMap((row) => [
      ...(row.starterFiles ?? []),
      ...(row.visibleTests ?? []),
    ]);
    scored.set(
      name,
      findSimilar(
        sessions.map((id) => ({ id, files: filesOf.get(id)! })),
        { excluded: given.map((file) => ({ path: file.path, text: file.content })) },
      ),
    );
  }

  const aiRuns = new Map<string, AiRuns>();
  const pairs: ComparedPair[] = [];
  for (let i = 0; i < compared.length; i++) {
    for (let j = i + 1; j < compared.length; j++) {
      const a = compared[i]!;
      const b = compared[j]!;
      const base = {
        a: { candidateId: a.candidateId, name: a.name },
        b: { candidateId: b.candidateId, name: b.name },
        score: 0,
        flagged: false,
        passages: [],
      };
      if (!ended(a) || !ended(b)) {
        pairs.push({ ...base, state: 'not-submitted' });
        continue;
      }
      if (a.family !== b.family) {
        pairs.push({ ...base, state: 'different-problem' });
        continue;
      }
      const pair = scored
        .get(a.family!)
        ?.find(
          (p) =>
            (p.a === a.sessionId && p.b === b.sessionId) ||
            (p.a === b.sessionId && p.b === a.sessionId),
        );
      if (!pair) {
        pairs.push({ ...base, state: 'compared' });
        continue;
      }
      const aFirst = pair.a === a.sessionId;
      if (pair.flagged) {
        for (const id of [a.sessionId!, b.sessionId!]) {
          if (!aiRuns.has(id)) aiRuns.set(id, await aiRunsOf(db, id));
        }
      }
      pairs.push({
        ...base,
        state: 'compared',
        score: pair.score,
        flagged: pair.flagged,
        passages: pair.passages.map((p) => ({
          a: quote(filesOf.get(a.sessionId!)!, aFirst ? p.a : p.b, aiRuns.get(a.sessionId!)),
          b: quote(filesOf.get(b.sessionId!)!, aFirst ? p.b : p.a, aiRuns.get(b.sessionId!)),
        })),
      });
    }
  }
  return { pairs, submissionsConsidered: considered };
}
