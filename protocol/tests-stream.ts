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
}

export interface TestErrorEvent {
  runId?: string;
  /** e.g. TEST_LIMIT, TESTS_DID_NOT_RUN, NO_TESTS, RUN_IN_PROGRESS, SANDBOX_FAILED. */
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

const EVENT_NAMES = new Set(['start', 'test_result', 'done', 'error']);

/**
 * Reads a test stream's frames from a fetch body (browser or server), yielding
 * each event as it arrives. Unknown events and comments are skipped.
 */
export async function* readTestStream(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<TestStreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = parseFrame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (frame) yield frame;
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function parseFrame(frame: string): TestStreamEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!EVENT_NAMES.has(event) || data.length === 0) return null;
  try {
    return { event, data: JSON.parse(data.join('\n')) } as TestStreamEvent;
  } catch {
    return null;
  }
}
