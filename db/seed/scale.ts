import type { Database } from '../client.ts';
import {
  aiInteractions,
  assessmentProblems,
  assessments,
  candidates,
  interviewSessions,
  organizations,
  problems,
  testRuns,
} from '../schema/index.ts';
import { DEMO_PROBLEMS } from './problems.ts';

export interface ScaleOptions {
  candidates?: number;
  assessments?: number;
  /** Fill this organization; otherwise a new one named "Scale Co". */
  organizationId?: string;
  /** Seed of the pseudo-random generator, so runs are repeatable. */
  seed?: number;
}

/** A small, fast, seeded PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Barbara',
  'Ken',
  'Margaret',
  'Dennis',
  'Frances',
  'John',
  'Radia',
  'Tim',
  'Sophie',
  'Edsger',
  'Katherine',
  'Donald',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Liskov',
  'Thompson',
  'Hamilton',
  'Ritchie',
  'Allen',
  'McCarthy',
  'Perlman',
  'Berners-Lee',
  'Wilson',
  'Dijkstra',
  'Johnson',
  'Knuth',
];
const ROLES = [
  'Backend',
  'Frontend',
  'Platform',
  'Data',
  'Mobile',
  'Security',
  'ML',
  'Infra',
  'Full-stack',
  'SRE',
];

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Fills a database with N candidates over M assessments with realistic
 * statuses, scores, sessions, final test runs and AI usage, for the
 * dashboard tests and benchmark. Repeatable for a given seed.
 */
export async function seedScale(db: Database, options: ScaleOptions = {}) {
  const total = options.candidates ?? 10_000;
  const assessmentCount = options.assessments ?? 50;
  const rand = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const day = 24 * 3600 * 1000;
  const now = Date.now();

  const organizationId =
    options.organizationId ??
    (
      await db
        .insert(organizations)
        .values({ name: 'Scale Co', slug: `scale-${Math.floor(rand() * 1e9).toString(36)}` })
        .returning({ id: organizations.id })
    )[0]!.id;
  const problemRows = await db
    .insert(problems)
    .values(DEMO_PROBLEMS.map((problem) => ({ ...problem, organizationId })))
    .returning({ id: problems.id });
  const assessmentRows = await db
    .insert(assessments)
    .values(
      Array.from({ length: assessmentCount }, (_, i) => ({
        organizationId,
        title: `${ROLES[i % ROLES.length]} screen #${Math.floor(i / ROLES.length) + 1}`,
        durationMinutes: pick([45, 60, 60, 90]),
        enableAI: rand() < 0.7,
        enableTerminal: true,
        createdAt: new Date(now - (200 - i) * day),
      })),
    )
    .returning({ id: assessments.id, durationMinutes: assessments.durationMinutes });
  await insertChunked(
    assessmentRows.map((a, i) => ({
      assessmentId: a.id,
      problemId: problemRows[i % problemRows.length]!.id,
      position: 0,
    })),
    (chunk) => db.insert(assessmentProblems).values(chunk),
  );

  const candidateRows: Array<typeof candidates.$inferInsert> = [];
  const sessionRows: Array<typeof interviewSessions.$inferInsert> = [];
  const runRows: Array<typeof testRuns.$inferInsert> = [];
  const aiRows: Array<typeof aiInteractions.$inferInsert> = [];
  for (let i = 0; i < total; i++) {
    const assessment = assessmentRows[Math.floor(rand() * assessmentRows.length)]!;
    const invitedAt = new Date(now - rand() * 180 * day);
    const roll = rand();
    const status =
      roll < 0.2 ? 'INVITED' : roll < 0.25 ? 'IN_PROGRESS' : roll < 0.9 ? 'COMPLETED' : 'EXPIRED';
    const id = crypto.randomUUID();
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    const row: typeof candidates.$inferInsert = {
      id,
      organizationId,
      assessmentId: assessment.id,
      name,
      email: `${name.toLowerCase().replace(/\W+/g, '.')}.${i}@example.com`,
      status,
      invitedAt,
      inviteExpiresAt: new Date(invitedAt.getTime() + 7 * day),
    };
    if (status === 'IN_PROGRESS' || status === 'COMPLETED') {
      // In-progress interviews are happening now; finished ones started after their invitation.
      const startedAt =
        status === 'IN_PROGRESS'
          ? new Date(now - rand() * 20 * 60_000)
          : new Date(invitedAt.getTime() + rand() * 3 * day);
      const limit = assessment.durationMinutes * 60;
      const durationSeconds = Math.round(limit * (0.4 + rand() * 0.6));
      row.startedAt = startedAt;
      const sessionId = crypto.randomUUID();
      sessionRows.push({
        id: sessionId,
        candidateId: id,
        organizationId,
        problemId: problemRows[i % problemRows.length]!.id,
        status: status === 'COMPLETED' ? 'COMPLETED' : 'ACTIVE',
        startedAt,
        deadlineAt: new Date(startedAt.getTime() + limit * 1000),
        endedAt:
          status === 'COMPLETED' ? new Date(startedAt.getTime() + durationSeconds * 1000) : null,
        endReason: status === 'COMPLETED' ? (rand() < 0.8 ? 'candidate' : 'timer') : null,
      });
      if (status === 'COMPLETED') {
        const skill = Math.min(1, Math.max(0, 0.55 + (rand() + rand() + rand() - 1.5) * 0.45));
        const visible = Math.min(1, Math.round((skill + rand() * 0.2) * 5) / 5);
        const hidden = Math.round(skill * 3) / 3;
        const runs = 1 + Math.floor(rand() * 12);
        Object.assign(row, {
          completedAt: new Date(startedAt.getTime() + durationSeconds * 1000),
          visiblePassRate: visible,
          hiddenPassRate: hidden,
          overallScore: Math.round(1000 * (0.4 * visible + 0.6 * hidden)) / 10,
          timeToFirstPassSeconds:
            visible === 1 ? Math.round(durationSeconds * (0.3 + rand() * 0.6)) : null,
          testRunCount: runs,
          aiReliance: rand() < 0.3 ? 0 : Math.round(rand() * 60) / 100,
          durationSeconds,
        });
        runRows.push({
          sessionId,
          kind: 'final',
          status: visible === 1 && hidden === 1 ? 'passed' : 'failed',
          total: 8,
          passed: Math.round(visible * 5 + hidden * 3),
          failed: 8 - Math.round(visible * 5 + hidden * 3),
          durationMs: 400 + Math.floor(rand() * 600),
          startedAt: new Date(startedAt.getTime() + durationSeconds * 1000),
          finishedAt: new Date(startedAt.getTime() + durationSeconds * 1000 + 800),
        });
        const turns = Math.floor(rand() * 4);
        for (let t = 0; t < turns; t++) {
          aiRows.push({
            sessionId,
            prompt: 'How should I approach this?',
            response: 'Consider a hash map.',
            model: 'claude-sonnet-5-5',
            inputTokens: 800 + Math.floor(rand() * 2000),
            outputTokens: 100 + Math.floor(rand() * 600),
            latencyMs: 1500 + Math.floor(rand() * 3000),
            createdAt: new Date(startedAt.getTime() + rand() * durationSeconds * 1000),
          });
        }
      }
    }
    candidateRows.push(row);
  }
  await insertChunked(candidateRows, (chunk) => db.insert(candidates).values(chunk));
  await insertChunked(sessionRows, (chunk) => db.insert(interviewSessions).values(chunk));
  await insertChunked(runRows, (chunk) => db.insert(testRuns).values(chunk));
  await insertChunked(aiRows, (chunk) => db.insert(aiInteractions).values(chunk));
  return {
    organizationId,
    candidates: candidateRows.length,
    assessments: assessmentRows.length,
    sessions: sessionRows.length,
    candidateIds: candidateRows.map((c) => c.id!),
  };
}
