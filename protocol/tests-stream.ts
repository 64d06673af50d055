/**
 * The test stream (SSE) shared by the bridge, the app's run-tests endpoint and
 * the browser. Event names are the seed plan's: `start`, `test_result`, `done`,
 * `error`.
 */
export interface TestStartEvent {
  runId: string;
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
}

export interface TestErrorEvent {
  runId?: string;
  code: string;
  message: string;
}

export type TestRunKind = 'visible' | 'final' | 'reference';

export type TestStreamEvent =
  | { event: 'start'; data: TestStartEvent }
  | { event: 'test_result'; data: TestResultEvent }
  | { event: 'done'; data: TestDoneEvent }
  | { event: 'error'; data: TestErrorEvent };

/** Encodes one SSE frame. */
export function encodeSseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
