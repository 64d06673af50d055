import { and, eq, lt, type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/backup/rows.ts';
import type { Database } from '../../db/client.ts';
import { testResults, testRuns } from '../../db/schema/index.ts';
import type { TestDoneEvent, TestResultEvent, TestRunKind } from '../../protocol/tests-stream.ts';
import { BridgeError } from '../errors.ts';
import type { WriteFence } from '../sessions/session-records.ts';

/**
 * The SQL condition of a fenced write (decision 024): the session's lease row
 * still has this owner, this generation and a future expiry. It is part of
 * the writing statement itself, so a bridge that was taken over cannot land
 * a row however late its statement arrives.
 */
function leaseHeld(sessionId: SQL, fence: WriteFence): SQL {
  return sql`exists (select 1 from session_leases where session_leases.session_id = ${sessionId}
    and session_leases.owner = ${fence.owner}
    and session_leases.generation = ${fence.generation}::bigint
    and session_leases.expires_at > now())`;
}

function leaseLost(sessionId: string, fence: WriteFence): BridgeError {
  return new BridgeError(
    'LEASE_LOST',
    `This bridge no longer owns session ${sessionId} (generation ${fence.generation}); the test run was not recorded.`,
  );
}

/** Rows of test_runs and test_results for one run, written as the run goes. */
export async function insertTestRun(
  db: Database,
  sessionId: string,
  kind: TestRunKind,
  startedAt: Date,
  problemPosition = 0,
  fence?: WriteFence,
): Promise<string> {
  if (fence) {
    const id = crypto.randomUUID();
    const rows = await queryRows<{ id: string }>(
      db,
      sql`insert into test_runs (id, session_id, kind, status, started_at, problem_position)
        select ${id}, ${sessionId}, ${kind}, 'running', ${startedAt.toISOString()}::timestamptz, ${problemPosition}
        where ${leaseHeld(sql`${sessionId}`, fence)}
        returning id`,
    );
    if (rows.length === 0) throw leaseLost(sessionId, fence);
    return id;
  }
  const [row] = await db
    .insert(testRuns)
    .values({ sessionId, kind, status: 'running', startedAt, problemPosition })
    .returning({ id: testRuns.id });
  return row!.id;
}

export async function insertTestResult(
  db: Database,
  result: TestResultEvent,
  fence?: WriteFence,
): Promise<void> {
  const values = {
    runId: result.runId,
    index: result.index,
    name: result.name,
    passed: result.passed,
    hidden: result.hidden ?? false,
    durationMs: Math.round(result.durationMs),
    output: result.output ?? null,
    error: result.error ?? null,
  };
  if (fence) {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`insert into test_results (id, run_id, index, name, passed, hidden, duration_ms, output, error)
        select ${crypto.randomUUID()}, ${values.runId}, ${values.index}, ${values.name}, ${values.passed},
          ${values.hidden}, ${values.durationMs}, ${values.output}, ${values.error}
        from test_runs where test_runs.id = ${values.runId}
          and ${leaseHeld(sql`test_runs.session_id`, fence)}
        returning id`,
    );
    if (rows.length === 0) throw leaseLost(`of run ${values.runId}`, fence);
    return;
  }
  await db.insert(testResults).values(values);
}

export async function finishTestRun(
  db: Database,
  summary: TestDoneEvent,
  error: string | null,
  fence?: WriteFence,
): Promise<void> {
  const finished = await db
    .update(testRuns)
    .set({
      status: error ? 'error' : summary.failed === 0 && summary.total > 0 ? 'passed' : 'failed',
      total: summary.total,
      passed: summary.passed,
      failed: summary.failed,
      durationMs: Math.round(summary.durationMs),
      error,
      finishedAt: new Date(),
    })
    .where(
      and(
        eq(testRuns.id, summary.runId),
        fence ? leaseHeld(sql`${testRuns.sessionId}`, fence) : sql`true`,
      ),
    )
    .returning({ id: testRuns.id });
  if (fence && finished.length === 0) throw leaseLost(`of run ${summary.runId}`, fence);
}

/** What an interrupted run's `error` says. */
export const INTERRUPTED_ERROR =
  'The sandbox bridge stopped while this run was going (a crash or a restart); run the tests again.';

/**
 * Marks runs still `running` that started before `before` as `interrupted`:
 * the bridge that ran them is gone (a crash or a restart), and nothing else
 * would ever finish them — they stayed `running` forever. Called when a
 * bridge starts (the bridge is not replicated: any run in flight then was
 * its predecessor's). Returns how many were marked.
 */
export async function interruptUnfinishedRuns(
  db: Database,
  before: Date,
  sessionId?: string,
): Promise<number> {
  const rows = await db
    .update(testRuns)
    .set({ status: 'interrupted', error: INTERRUPTED_ERROR, finishedAt: new Date() })
    .where(
      and(
        eq(testRuns.status, 'running'),
        lt(testRuns.startedAt, before),
        // One session just taken over: its runs were the previous owner's. Otherwise (a bridge
        // starting) runs of sessions another live bridge owns are still running there (decision 024).
        sessionId
          ? eq(testRuns.sessionId, sessionId)
          : sql`not exists (select 1 from session_leases
              where session_leases.session_id = ${testRuns.sessionId} and session_leases.expires_at > now())`,
      ),
    )
    .returning({ id: testRuns.id });
  return rows.length;
}
