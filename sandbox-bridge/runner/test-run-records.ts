import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { testResults, testRuns } from '../../db/schema/index.ts';
import type { TestDoneEvent, TestResultEvent, TestRunKind } from '../../protocol/tests-stream.ts';

/** Rows of test_runs and test_results for one run, written as the run goes. */
export async function insertTestRun(
  db: Database,
  sessionId: string,
  kind: TestRunKind,
  startedAt: Date,
): Promise<string> {
  const [row] = await db
    .insert(testRuns)
    .values({ sessionId, kind, status: 'running', startedAt })
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
