// `npm run bench -- dashboard [candidates]`: server time of the dashboard, the
// candidate list (first and last page, a filter, a search) and the comparison
// with 10,000 candidates, on PGlite and on Postgres, p50/p95 — beside a
// baseline that loads the organization's candidates and aggregates in JS.
import { eq } from 'drizzle-orm';
import { listCandidates } from '../app/candidates/list.server.ts';
import { loadComparison } from '../app/candidates/report.server.ts';
import {
  assessmentFunnels,
  dashboardKpis,
  recentCandidates,
} from '../app/dashboard/queries.server.ts';
import type { Database, DatabaseKind } from '../db/client.ts';
import { candidates } from '../db/schema/index.ts';
import { DEMO, seedDemo } from '../db/seed/demo.ts';
import { seedScale } from '../db/seed/scale.ts';
import { startTandem } from '../scripts/tandem.ts';
import { createTestDatabase } from '../tests/support/database.ts';
import { freePort } from '../tests/support/ports.ts';
import { type BenchRow, percentile, writeReport } from './report.ts';

const SECRET = 'bench-secret-bench-secret-bench-secret-42';

async function time(iterations: number, run: () => Promise<unknown>): Promise<number[]> {
  await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** The baseline: what a dashboard without SQL aggregates would do. */
async function naiveDashboard(db: Database, organizationId: string) {
  const rows = await db
    .select()
    .from(candidates)
    .where(eq(candidates.organizationId, organizationId));
  const completed = rows.filter((r) => r.status === 'COMPLETED');
  const scores = completed.map((r) => r.overallScore ?? 0);
  return {
    invited: rows.length,
    completed: completed.length,
    average: scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length),
    recent: [...rows].sort((a, b) => b.invitedAt.getTime() - a.invitedAt.getTime()).slice(0, 10),
  };
}

async function benchKind(
  kind: DatabaseKind,
  count: number,
  iterations: number,
): Promise<BenchRow[]> {
  const database = await createTestDatabase(kind);
  const port = await freePort();
  const tandem = await startTandem({
    database,
    env: {
      ...process.env,
      PORT: String(port),
      COLLAB_PORT: String(await freePort()),
      BRIDGE_PORT: String(await freePort()),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TANDEM_SECRET: SECRET,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'error',
    },
  });
  try {
    const demo = await seedDemo(database.db, SECRET);
    const seedStarted = performance.now();
    const seeded = await seedScale(database.db, {
      candidates: count,
      organizationId: demo.organizationId,
    });
    const seedMs = performance.now() - seedStarted;
    const db = database.db;
    const org = demo.organizationId;
    const lastPage = Math.ceil((count + 1) / 25);
    const ids = seeded.candidateIds.slice(0, 4);

    // Sign in once and reuse the cookie for the page timings (full server render).
    const login = await fetch(`http://127.0.0.1:${port}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: `http://127.0.0.1:${port}`,
      },
      body: new URLSearchParams({
        intent: 'password',
        email: DEMO.interviewerEmail,
        password: DEMO.password,
      }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const page = (path: string) => async () => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      await response.text();
    };

    const cases: Array<[string, () => Promise<unknown>]> = [
      [
        'dashboard queries',
        () =>
          Promise.all([
            dashboardKpis(db, org),
            recentCandidates(db, org),
            assessmentFunnels(db, org),
          ]),
      ],
      ['dashboard page (HTTP)', page('/dashboard')],
      ['list: first page', () => listCandidates(db, org, { page: 1 })],
      ['list: last page', () => listCandidates(db, org, { page: lastPage })],
      [
        'list: status filter',
        () => listCandidates(db, org, { status: 'COMPLETED', sort: 'score' }),
      ],
      ['list: search', () => listCandidates(db, org, { q: 'hopper' })],
      ['list page (HTTP)', page('/candidates?status=COMPLETED&sort=score')],
      ['comparison (4)', () => loadComparison(db, org, ids)],
      ['compare page (HTTP)', page(`/candidates/compare?ids=${ids.join(',')}`)],
      ['baseline: load all + JS aggregate', () => naiveDashboard(db, org)],
    ];
    const rows: BenchRow[] = [];
    for (const [name, run] of cases) {
      const samples = await time(iterations, run);
      rows.push({
        database: kind,
        case: name,
        p50_ms: percentile(samples, 50),
        p95_ms: percentile(samples, 95),
        max_ms: Math.max(...samples),
      });
    }
    rows.push({
      database: kind,
      case: `seed ${count} candidates`,
      p50_ms: seedMs,
      p95_ms: seedMs,
      max_ms: seedMs,
    });
    return rows;
  } finally {
    await tandem.close();
    await database.destroy();
  }
}

export async function run(args: string[]) {
  const count = Number(args[0] ?? 10_000);
  const iterations = Number(args[1] ?? 40);
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  const rows = [
    ...(await benchKind('pglite', count, iterations)),
    ...(await benchKind('postgres', count, iterations)),
  ];
  writeReport({
    name: 'dashboard',
    parameters: { candidates: count, assessments: 50, iterations, target: 'p95 < 150 ms' },
    rows,
    notes: [
      'HTTP rows include sign-in check, loader and server render; query rows time the loader queries alone.',
    ],
  });
}
