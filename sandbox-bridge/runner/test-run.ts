import type { Database } from '../../db/client.ts';
import type { GradingSpec } from '../../protocol/grading.ts';
import { pathInFolder } from '../../protocol/problem-sequence.ts';
import type { Language, ProblemFile } from '../../protocol/problems.ts';
import {
  boundRunOutput,
  cleanRunOutput,
  RUN_OUTPUT_PREVIEW_CHARS,
  RUN_OUTPUT_STORED_CHARS,
  runOutputOf,
} from '../../protocol/run-output.ts';
import type {
  TestDoneEvent,
  TestErrorEvent,
  TestResultEvent,
  TestRunKind,
  TestStreamEvent,
} from '../../protocol/tests-stream.ts';
import { limitMessage, nodeHeapMegabytes } from '../driver/limits.ts';
import type { LimitKind, ResourceLimits, SandboxHandle } from '../driver/types.ts';
import { runHiddenCases } from '../grading/run-cases.ts';
import type { EventRecorder } from '../recording/event-recorder.ts';
import type { WriteFence } from '../sessions/session-records.ts';
import { parseDiagnostics } from './compile-diagnostics.ts';
import { type HarnessRecord, harnessLineReader } from './harness-output.ts';
import { declaredTestCount, harnessFiles, testCommand } from './test-command.ts';
import { finishTestRun, insertTestResult, insertTestRun } from './test-run-records.ts';

export interface TestSuiteOptions {
  /** The session the run belongs to; null for a run outside any session (a problem's "try it"). */
  sessionId: string | null;
  kind: TestRunKind;
  sandbox: SandboxHandle;
  language: Language;
  /** The test files to run (paths in the sandbox; contents for the expected count). */
  testFiles: ProblemFile[];
  /**
   * Hidden cases, run after the test files by a driver in the sandbox and
   * judged in the bridge; their results are marked `hidden`.
   */
  grading?: GradingSpec | null;
  /** Where a session's run is recorded (test_runs, test_results, session events); unused without a session. */
  db: Database | null;
  recorder: EventRecorder | null;
  limits?: Partial<ResourceLimits>;
  /** Receives the stream's events in order: start, test_result…, then done or error. */
  emit: (event: TestStreamEvent) => void;
  signal?: AbortSignal;
  /**
   * The problem's folder in the workspace (decision 021): tests, the harness
   * and the hidden-case driver run there, with `testFiles` relative to it.
   * Empty or absent: the root, as a single-problem session always did.
   */
  folder?: string;
  /** Which of the session's problems runs (recorded with the run). */
  problemPosition?: number;
  /** The session's lease: every row of the run is written only while it holds (decision 024). */
  fence?: WriteFence;
}

export interface TestSuiteOutcome {
  runId: string;
  summary: TestDoneEvent | null;
  error: TestErrorEvent | null;
}

/** Wall clock of the visible tests in final grading and "try it". */
export const GRADED_VISIBLE_WALL_CLOCK_MS = 20_000;

/** Longest error or output text kept per result in the event log. */
const EVENT_TEXT_LIMIT = 1000;

/**
 * Runs test files in a sandbox and reports each test as it finishes: to the
 * caller (the SSE stream), to test_runs/test_results, and to the session's
 * event log so observers and replay see the run. Ends with `done`, or with
 * `error` when the suite could not run or a limit stopped it.
 */
export async function runTestSuite(options: TestSuiteOptions): Promise<TestSuiteOutcome> {
  const { sessionId, kind, sandbox } = options;
  // A run outside a session (a problem's "try it") is streamed, never recorded.
  const db = sessionId ? options.db : null;
  const recorder = sessionId ? options.recorder : null;
  const started = performance.now();
  const startedAt = new Date();
  const runId =
    db && sessionId
      ? await insertTestRun(
          db,
          sessionId,
          kind,
          startedAt,
          options.problemPosition ?? 0,
          options.fence,
        )
      : `try-${crypto.randomUUID()}`;
  const cases = options.grading?.cases.length ?? 0;
  const declared = declaredTestCount(options.testFiles);
  const expected = declared + cases;
  options.emit({ event: 'start', data: { runId, total: expected, kind } });
  if (recorder && sessionId) {
    recorder.record(sessionId, 'test_run_started', { runId, kind, total: expected }, startedAt);
    void recorder.flush();
  }

  const paths = options.testFiles.map((file) => file.path);
  const results: TestResultEvent[] = [];
  let stored: Promise<void> = Promise.resolve();
  let limitHit: LimitKind | null = null;
  const limits = { ...sandbox.limits, ...options.limits };
  // Final grading and "try it" mark each result visible or hidden.
  const marksHidden = kind === 'final' || kind === 'reference';
  const push = (record: {
    name: string;
    passed: boolean;
    durationMs: number;
    hidden: boolean;
    error?: string | null;
    output?: string | null;
  }) => {
    // What the test process printed is the candidate's text: cleaned and bounded here,
    // shown as text in its own block (protocol/run-output.ts).
    const output = runOutputOf(record.output, RUN_OUTPUT_STORED_CHARS);
    const result: TestResultEvent = {
      runId,
      index: results.length,
      name: record.name,
      passed: record.passed,
      durationMs: record.durationMs,
      ...(marksHidden ? { hidden: record.hidden } : {}),
      ...(record.error ? { error: record.error } : {}),
      ...(output ? { output } : {}),
    };
    results.push(result);
    options.emit({ event: 'test_result', data: result });
    if (!db || !recorder || !sessionId) return;
    stored = stored.then(() => insertTestResult(db, result, options.fence));
    recorder.record(sessionId, 'test_result', {
      runId,
      index: result.index,
      name: result.name,
      passed: result.passed,
      hidden: result.hidden ?? false,
      durationMs: Math.round(result.durationMs),
      ...(result.error ? { error: result.error.slice(0, EVENT_TEXT_LIMIT) } : {}),
      // Observers and the replay get the preview; the report reads the stored result.
      ...(output && !result.passed
        ? { output: boundRunOutput(output, RUN_OUTPUT_PREVIEW_CHARS) }
        : {}),
    });
  };
  let compile: { ok: boolean; durationMs: number; output: string } | null = null;
  const onRecord = (record: HarnessRecord) => {
    if (record.type === 'compile') {
      compile ??= record;
      return;
    }
    if (record.type !== 'result') return;
    if (record.signal === 'SIGXCPU') {
      limitHit = 'cpu_time';
      record.error = limitMessage('cpu_time', limits);
    }
    push({ ...record, hidden: false });
  };

  let error: TestErrorEvent | null = null;
  const folder = options.folder ?? '';
  try {
    if (paths.length > 0) {
      for (const file of harnessFiles(options.language)) {
        await sandbox.writeFile(pathInFolder(folder, file.path), file.content);
      }
      const reader = harnessLineReader(onRecord);
      const command = testCommand(options.language, paths, nodeHeapMegabytes(limits));
      const execution = await sandbox.exec(command, {
        ...(folder ? { cwd: folder } : {}),
        onStdout: (chunk) => reader.push(chunk),
        // Grading must end in bounded time even when the candidate's processes hold
        // the test runner's output open (a fork burst): its visible part is capped.
        ...(marksHidden
          ? {
              limits: {
                ...options.limits,
                wallClockMs: Math.min(limits.wallClockMs, GRADED_VISIBLE_WALL_CLOCK_MS),
              },
            }
          : options.limits
            ? { limits: options.limits }
            : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      // A test process killed at its CPU limit is reported by the harness, not by exec.
      const limit: LimitKind | null = execution.limit ?? limitHit;
      const built = compile as { ok: boolean; output: string } | null;
      if (built && !built.ok && !limit) {
        error = {
          runId,
          code: 'COMPILE_ERROR',
          message: `The code does not compile.\n${built.output}`.slice(0, 4000),
          diagnostics: parseDiagnostics(built.output),
        };
      } else if (limit) {
        error = {
          runId,
          code: 'TEST_LIMIT',
          message: execution.limitMessage ?? limitMessage(limit, limits),
        };
      } else if (results.length === 0) {
        const detail = cleanRunOutput(execution.stderr || execution.stdout)
          .trim()
          .slice(-2000);
        error = {
          runId,
          code: 'TESTS_DID_NOT_RUN',
          message: `No test reported a result (exit code ${execution.exitCode}).${detail ? `\n${detail}` : ''}`,
        };
      }
    }
    if (marksHidden) {
      // Grading never ends without a number: a visible test that did not report
      // (a limit, an early exit) fails, and the hidden cases still run.
      if (error) {
        for (let missing = results.length; missing < declared; missing++) {
          push({
            name: `visible test ${missing + 1} (no result)`,
            passed: false,
            durationMs: 0,
            hidden: false,
            error: error.message,
          });
        }
        error = null;
      }
      if (options.grading && cases > 0) {
        await runHiddenCases({
          sandbox,
          language: options.language,
          spec: options.grading,
          onCase: (outcome) =>
            push({
              name: outcome.name,
              passed: outcome.passed,
              durationMs: outcome.durationMs,
              hidden: true,
              error: outcome.error,
            }),
          ...(options.limits ? { limits: options.limits } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(folder ? { cwd: folder } : {}),
        });
      }
    }
  } catch (cause) {
    error = {
      runId,
      code: 'SANDBOX_FAILED',
      message: `The sandbox could not run the tests: ${String(cause)}`,
    };
  }
  await stored;

  const passed = results.filter((result) => result.passed).length;
  const summary: TestDoneEvent = {
    runId,
    total: results.length,
    passed,
    failed: results.length - passed,
    passRate: results.length === 0 ? 0 : Math.round((passed / results.length) * 10_000) / 100,
    durationMs: performance.now() - started,
    ...(compile ? { compileMs: (compile as { durationMs: number }).durationMs } : {}),
  };
  if (db && recorder && sessionId) {
    await finishTestRun(db, summary, error?.message ?? null, options.fence);
    recorder.record(sessionId, 'test_run_finished', {
      ...summary,
      durationMs: Math.round(summary.durationMs),
      kind,
      ...(error ? { error: error.code } : {}),
    });
    void recorder.flush();
  }
  if (error) options.emit({ event: 'error', data: error });
  else options.emit({ event: 'done', data: summary });
  return { runId, summary: error ? null : summary, error };
}
