import { encodeSseFrame, readSseEvents } from './sse.ts';

/**
 * The test stream (SSE) shared by the bridge, the app's run-tests endpoint and
 * the browser. Event names are the seed plan's: `start`, `test_result`, `done`,
 * `error`. A stream is `start`, then one `test_result` per test in the order
 * the tests finish, then exactly one of `done` or `error`.
 */
export interface TestStartEvent {
  runId: string;
  /** Tests the files declare, counted before running; `done.total` is what ran. */
  total: number;
  kind: TestRunKind;
}

export interface TestResultEvent {
  runId: string;
  /** Order in which the result arrived (0-based). */
  index: number;
  name: string;
  passed: boolean;
  /** Present on final grading runs. */
  hidden?: boolean;
  durationMs: number;
  output?: string;
  error?: string;
}

export interface TestDoneEvent {
  runId: string;
  total: number;
  passed: number;
  failed: number;
  /** 0–100. */
  passRate: number;
  durationMs: number;
  /** Compiled languages: how long the visible tests took to compile (part of durationMs). */
  compileMs?: number;
}

export interface TestErrorEvent {
  runId?: string;
  /** e.g. TEST_LIMIT, TESTS_DID_NOT_RUN, NO_TESTS, RUN_IN_PROGRESS, SANDBOX_FAILED, COMPILE_ERROR. */
  code: string;
  message: string;
  /** COMPILE_ERROR: where the compiler pointed (file, line, column, message). */
  diagnostics?: Array<{
    file: string;
    line: number;
    column: number | null;
    severity: 'error' | 'warning';
    message: string;
  }>;
}

export type TestRunKind = 'visible' | 'final' | 'reference';

export type TestStreamEvent =
  | { event: 'start'; data: TestStartEvent }
  | { event: 'test_result'; data: TestResultEvent }
  | { event: 'done'; data: TestDoneEvent }
  | { event: 'error'; data: TestErrorEvent };

export { encodeSseFrame };

const EVENT_NAMES = new Set(['start', 'test_result', 'done', 'error']);

/**
 * Reads a test stream from a fetch body (browser or server), yielding each
 * event as it arrives. Unknown events and malformed data are skipped.
 */
export async function* readTestStream(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<TestStreamEvent> {
  for await (const event of readSseEvents(body)) {
    if (EVENT_NAMES.has(event.event) && typeof event.data === 'object' && event.data !== null) {
      yield event as TestStreamEvent;
    }
  }
}
