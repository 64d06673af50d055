import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, problems } from '../../db/schema/index.ts';
import type { SessionStatus } from '../../protocol/sessions.ts';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../tests/support/database.ts';
import { createOrganization } from '../../tests/support/fixtures.ts';
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
const independent = `export function mergeIntervals(intervals: [number, number][]): [number, number][] {
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

describe.each(databaseKinds())('similar candidates on %s', (kind) => {
  let database: TestDatabase;
  let organizationId: string;
  let otherOrganizationId: string;
  let problemId: string;
  let assessmentId: string;
  let copierId: string;

  async function submitted(
    name: string,
    code: string,
    options: { status?: SessionStatus; organization?: string; origin?: string } = {},
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
      problemId,
      name,
      given: [{ path: 'helpers.ts', text: given }],
      written: [{ path: 'solution.ts', text: code }],
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.status ? { status: options.status } : {}),
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    organizationId = (await createOrganization(database.db, 'Similar Org')).organization.id;
    otherOrganizationId = (await createOrganization(database.db, 'Foreign Org')).organization.id;
    const [problem] = await database.db
      .insert(problems)
      .values({
        organizationId,
        title: 'Merge Intervals',
        description: 'Merge overlapping intervals.',
        difficulty: 'MEDIUM',
        language: 'typescript',
        starterFiles: [{ path: 'helpers.ts', content: given }],
        visibleTests: [],
      })
      .returning();
    problemId = problem!.id;
    const [assessment] = await database.db
      .insert(assessments)
      .values({ organizationId, title: 'Screen', durationMinutes: 45 })
      .returning();
    assessmentId = assessment!.id;
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('names the candidate whose code was copied, with both passages, and not the independent one', async () => {
    const ada = await submitted('Ada', solution);
    await submitted('Independent', independent);
    copierId = await submitted('Copier', copy);
    const copier = copierId;
    await submitted('Still typing', solution, { status: 'ACTIVE' });
    await submitted('Elsewhere', solution, { organization: otherOrganizationId });

    const report = await similarCandidates(database.db, organizationId, copier);
    // Ada and the independent solution; not the open session, not another organization's.
    expect(report?.compared).toBe(2);
    const flagged = report!.matches.filter((match) => match.flagged);
    expect(flagged.map((match) => match.name)).toEqual(['Ada']);
    expect(flagged[0]!.candidateId).toBe(ada);
    const [passage] = flagged[0]!.passages;
    expect(passage!.mine.path).toBe('solution.ts');
    expect(passage!.mine.text).toContain('ordered');
    expect(passage!.theirs.text).toContain('sorted');
    // The helper both were given is never a match.
    expect(flagged[0]!.passages.every((p) => p.mine.path !== 'helpers.ts')).toBe(true);
  });

  it('shows when both sides of a match were pasted from the AI assistant', async () => {
    const first = await submitted('First AI user', aiAnswer, { origin: 'ai-paste' });
    const second = await submitted('Second AI user', aiAnswer, { origin: 'ai-paste' });
    const report = await similarCandidates(database.db, organizationId, second);
    const match = report!.matches.find((m) => m.candidateId === first);
    expect(match?.flagged).toBe(true);
    expect(match!.passages.length).toBeGreaterThan(0);
    for (const passage of match!.passages) {
      expect(passage.mine.fromAi).toBeGreaterThan(0.9);
      expect(passage.theirs.fromAi).toBeGreaterThan(0.9);
    }
    // The copy typed earlier in this file is the copier's own work, and Ada's.
    const copier = (await similarCandidates(database.db, organizationId, copierId))!;
    const fromAda = copier.matches.find((m) => m.name === 'Ada')!;
    expect(fromAda.flagged).toBe(true);
    expect(fromAda.passages.every((p) => p.mine.fromAi === 0 && p.theirs.fromAi === 0)).toBe(true);
  });

  it('compares only the final code: an attempt kept under previous/ by a language switch is not', async () => {
    const switcher = await insertSubmission(database.db, {
      organizationId,
      assessmentId,
      problemId,
      name: 'Switched language',
      given: [{ path: 'helpers.ts', text: given }],
      written: [
        // Ada's code, in the attempt the candidate abandoned when switching to JavaScript.
        { path: 'previous/typescript/solution.ts', text: solution },
        { path: 'solution.js', text: 'export const mergeIntervals = () => [];\n' },
      ],
    });
    const report = (await similarCandidates(database.db, organizationId, switcher))!;
    expect(report.matches.filter((match) => match.flagged).map((match) => match.name)).toEqual([]);
    for (const match of report.matches) {
      expect(match.passages.every((p) => !p.mine.path.startsWith('previous/'))).toBe(true);
    }
  });

  it('has nothing to say about a candidate still in the interview', async () => {
    const open = await submitted('Open', solution, { status: 'ACTIVE' });
    expect(await similarCandidates(database.db, organizationId, open)).toBeNull();
  });
});
