import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, problems } from '../../db/schema/index.ts';
import type { SessionStatus } from '../../protocol/sessions.ts';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../tests/support/database.ts';
import { createOrganization } from '../../tests/support/fixtures.ts';
import { comparedSimilarity } from './compared.server.ts';
import { similarCandidates } from './similar-candidates.server.ts';
import { insertSubmission } from './testing.ts';

// A helper the problem hands out, the solution one candidate wrote, a disguised
// copy of it, and an independent solution.
const given = `export function parsePairs(line: string): [number, number][] {
  return line.split(';').map((pair) => pair.split(',').map(Number) as [number, number]);
}
`;
const solution = `export function mergeIntervals(intervals: [number, number][]): [number, number][] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
`;
const copy = `// my own work
export function mergeIntervals(spans: [number, number][]): [number, number][] {
  const ordered = [...spans].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of ordered) {
    const prev = out[out.length - 1];
    if (prev && lo <= prev[1]) prev[1] = Math.max(prev[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
`;
const independentSolution = `export function mergeIntervals(intervals: [number, number][]): [number, number][] {
  if (intervals.length === 0) return [];
  const points = intervals.flatMap(([s, e]) => [{ at: s, open: 1 }, { at: e, open: -1 }]);
  points.sort((p, q) => p.at - q.at || q.open - p.open);
  const result: [number, number][] = [];
  let depth = 0;
  let from = 0;
  for (const point of points) {
    if (depth === 0) from = point.at;
    depth += point.open;
    if (depth === 0) result.push([from, point.at]);
  }
  return result;
}
`;

// What the AI assistant answered two candidates who asked it the same question.
const aiAnswer = `export function mergeIntervals(intervals: [number, number][]): [number, number][] {
  const result: [number, number][] = [];
  for (const current of [...intervals].sort((left, right) => left[0] - right[0])) {
    const top = result.at(-1);
    if (top === undefined || top[1] < current[0]) {
      result.push([current[0], current[1]]);
      continue;
    }
    top[1] = Math.max(top[1], current[1]);
  }
  return result;
}
`;

describe.each(databaseKinds())('similarity on the comparison, on %s', (kind) => {
  let database: TestDatabase;
  let organizationId: string;
  let otherOrganizationId: string;
  let problemId: string;
  let otherProblemId: string;
  let assessmentId: string;

  async function submitted(
    name: string,
    code: string,
    options: {
      status?: SessionStatus;
      organization?: string;
      origin?: string;
      problem?: string;
    } = {},
  ) {
    const org = options.organization ?? organizationId;
    const [assessment] =
      org === organizationId
        ? [{ id: assessmentId }]
        : await database.db
            .insert(assessments)
            .values({ organizationId: org, title: 'Other', durationMinutes: 30 })
            .returning();
    return insertSubmission(database.db, {
      organizationId: org,
      assessmentId: assessment!.id,
      problemId: options.problem ?? problemId,
      name,
      given: [{ path: 'helpers.ts', text: given }],
      written: [{ path: 'solution.ts', text: code }],
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.status ? { status: options.status } : {}),
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    organizationId = (await createOrganization(database.db, 'Compare Org')).organization.id;
    otherOrganizationId = (await createOrganization(database.db, 'Foreign Org')).organization.id;
    const problem = (title: string) =>
      database.db
        .insert(problems)
        .values({
          organizationId,
          title,
          description: 'Merge overlapping intervals.',
          difficulty: 'MEDIUM',
          language: 'typescript',
          starterFiles: [{ path: 'helpers.ts', content: given }],
          visibleTests: [],
        })
        .returning();
    problemId = (await problem('Merge Intervals'))[0]!.id;
    otherProblemId = (await problem('Merge Intervals, again'))[0]!.id;
    const [assessment] = await database.db
      .insert(assessments)
      .values({ organizationId, title: 'Screen', durationMinutes: 45 })
      .returning();
    assessmentId = assessment!.id;
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('scores every pair of the compared candidates, with the copied passages side by side', async () => {
    const ada = await submitted('Ada', solution);
    const independent = await submitted('Independent', independentSolution);
    const copier = await submitted('Copier', copy);
    const result = await comparedSimilarity(database.db, organizationId, [
      copier,
      ada,
      independent,
    ]);
    expect(result.submissionsConsidered).toBe(3);
    expect(result.pairs.map((p) => [p.a.name, p.b.name, p.state, p.flagged])).toEqual([
      ['Copier', 'Ada', 'compared', true],
      ['Copier', 'Independent', 'compared', false],
      ['Ada', 'Independent', 'compared', false],
    ]);
    const [copied] = result.pairs;
    // The same score the candidate page gives this pair.
    const page = await similarCandidates(database.db, organizationId, copier);
    expect(copied!.score).toBe(page!.matches.find((m) => m.candidateId === ada)!.score);
    expect(copied!.passages.length).toBeGreaterThan(0);
    const [passage] = copied!.passages;
    expect(passage!.a.text).toContain('ordered');
    expect(passage!.b.text).toContain('sorted');
    // What they were given is never a match, and nobody pasted from the AI here.
    expect(
      copied!.passages.every((p) => p.a.path === 'solution.ts' && p.b.path === 'solution.ts'),
    ).toBe(true);
    expect(copied!.passages.every((p) => p.a.fromAi === 0 && p.b.fromAi === 0)).toBe(true);
    expect(result.pairs[1]!.passages).toEqual([]);
  });

  it('marks passages both candidates pasted from the AI assistant', async () => {
    const first = await submitted('First AI user', aiAnswer, { origin: 'ai-paste' });
    const second = await submitted('Second AI user', aiAnswer, { origin: 'ai-paste' });
    const { pairs } = await comparedSimilarity(database.db, organizationId, [first, second]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.flagged).toBe(true);
    for (const passage of pairs[0]!.passages) {
      expect(passage.a.fromAi).toBeGreaterThan(0.9);
      expect(passage.b.fromAi).toBeGreaterThan(0.9);
    }
  });

  it('says why a pair is not compared, and leaves out another organization’s candidates', async () => {
    const ada = await submitted('Ada again', solution);
    const open = await submitted('Still typing', solution, { status: 'ACTIVE' });
    const otherProblem = await submitted('Other problem', solution, { problem: otherProblemId });
    const foreign = await submitted('Elsewhere', solution, { organization: otherOrganizationId });
    const { pairs } = await comparedSimilarity(database.db, organizationId, [
      ada,
      open,
      otherProblem,
      foreign,
    ]);
    expect(pairs.map((p) => [p.a.name, p.b.name, p.state, p.score, p.passages.length])).toEqual([
      ['Ada again', 'Still typing', 'not-submitted', 0, 0],
      ['Ada again', 'Other problem', 'different-problem', 0, 0],
      ['Still typing', 'Other problem', 'not-submitted', 0, 0],
    ]);
  });
});
