// A node:test reporter for the sandbox bridge: one JSON line per finished
// test, in the order tests finish (`test:complete`, not the declaration-order
// `test:pass`/`test:fail`). It runs in the test runner's parent process, which
// executes no candidate code: candidate output arrives as test:stdout events
// and is attached to the next result of the same file.
import { resolve } from 'node:path';

const MAX_OUTPUT = 4096;
// Output kept per file: its beginning, where a compiler's first error is
// (a little under the bridge's RUN_OUTPUT_STORED_CHARS, so the mark fits).
const MAX_CAPTURE = 32 * 1024 - 100;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what we strip
const ANSI = /\u001b\[[0-9;]*m/g;

function errorText(error) {
  if (!error) return undefined;
  const cause = error.cause;
  const message =
    cause && typeof cause === 'object' && 'message' in cause
      ? String(cause.message)
      : String(error.message ?? error);
  return message.replace(ANSI, '').slice(0, MAX_OUTPUT);
}

export default async function* tandemReporter(source) {
  const output = new Map();
  for await (const event of source) {
    const data = event.data ?? {};
    if (event.type === 'test:stdout' || event.type === 'test:stderr') {
      // stdout events name the file relative to the cwd, results absolutely.
      const key = data.file ? resolve(data.file) : '';
      const captured = output.get(key) ?? '';
      if (captured.length < MAX_CAPTURE) {
        const joined = captured + data.message;
        output.set(
          key,
          joined.length > MAX_CAPTURE
            ? `${joined.slice(0, MAX_CAPTURE)}\n… the rest of the output was not kept`
            : joined,
        );
      }
      continue;
    }
    if (event.type !== 'test:complete' || data.details?.type !== 'test') continue;
    const file = data.file ? resolve(data.file) : '';
    // With process isolation each file is also reported as a test without
    // `entryFile`: only its own failure (it did not load) is worth a line.
    if (data.entryFile === undefined) {
      const failureType = data.details.error?.failureType;
      if (data.details.passed || failureType === 'subtestsFailed') continue;
      yield `${JSON.stringify({
        type: 'result',
        name: `${data.name} (did not run)`,
        file,
        passed: false,
        durationMs: data.details.duration_ms ?? 0,
        error: errorText(data.details.error),
        output: output.get(file),
        // A test process killed by a limit (SIGXCPU at the CPU limit) says so here.
        signal: data.details.error?.signal ?? undefined,
      })}\n`;
      continue;
    }
    const captured = output.get(file);
    output.delete(file);
    yield `${JSON.stringify({
      type: 'result',
      name: data.name,
      file,
      passed: Boolean(data.details.passed),
      skipped: Boolean(data.skip || data.todo),
      durationMs: data.details.duration_ms ?? 0,
      error: data.details.passed ? undefined : errorText(data.details.error),
      output: captured || undefined,
    })}\n`;
  }
}
