import { and, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { testResults, testRuns } from '../../db/schema/index.ts';
import type { TestDoneEvent, TestResultEvent, TestRunKind } from '../../protocol/tests-stream.ts';

/** Rows of test_runs and test_results for one run, written as the run goes. */
export async function insertTestRun(
  db: Database,
  sessionId: string,
  kind: TestRunKind,
  startedAt: Date,
  problemPosition = 0,
): Promise<string> {
  const [row] = await db
    .insert(testRuns)
    .values({ sessionId, kind, status: 'running', startedAt, problemPosition })
    .returning({ id: testRuns.id });
  return row!.id;
}

export async function insertTestResult(db: Database, result: TestResultEvent): Promise<void> {
  await db.insert(testResults).values({
    runId: result.runId,
    index: result.index,
    name: result.name,
    passed: result.passed,
    hidden: result.hidden ?? false,
    durationMs: Math.round(result.durationMs),
    output: result.output ?? null,
    error: result.error ?? null,
  });
}

export async function finishTestRun(
  db: Database,
  summary: TestDoneEvent,
  error: string | null,
): Promise<void> {
  await db
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
    .where(eq(testRuns.id, summary.runId));
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
