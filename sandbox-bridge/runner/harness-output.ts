/** One line the harness prints. */
export type HarnessRecord =
  | { type: 'plan'; total: number }
  /** A compiled language's build, before its tests run. */
  | { type: 'compile'; ok: boolean; durationMs: number; output: string }
  | {
      type: 'result';
      name: string;
      file: string;
      passed: boolean;
      skipped?: boolean;
      durationMs: number;
      error?: string | null;
      output?: string | null;
      /** The signal that killed the test process, when one did. */
      signal?: string | null;
    };

/** Splits streamed output into lines and hands over each harness record. */
export function harnessLineReader(onRecord: (record: HarnessRecord) => void) {
  let buffer = '';
  return {
    push(chunk: string) {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const record = parseHarnessLine(line);
        if (record) onRecord(record);
        newline = buffer.indexOf('\n');
      }
    },
  };
}

export function parseHarnessLine(line: string): HarnessRecord | null {
  if (!line.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (record.type === 'compile' && typeof record.ok === 'boolean') {
    return {
      type: 'compile',
      ok: record.ok,
      durationMs: typeof record.durationMs === 'number' ? record.durationMs : 0,
      output: typeof record.output === 'string' ? record.output.slice(0, 20_000) : '',
    };
  }
  if (record.type === 'plan' && typeof record.total === 'number') {
    return { type: 'plan', total: record.total };
  }
  if (
    record.type === 'result' &&
    typeof record.name === 'string' &&
    typeof record.passed === 'boolean'
  ) {
    return {
      type: 'result',
      name: record.name.slice(0, 300),
      file: typeof record.file === 'string' ? record.file : '',
      passed: record.passed,
      skipped: record.skipped === true,
      durationMs: typeof record.durationMs === 'number' ? record.durationMs : 0,
      error: typeof record.error === 'string' ? record.error : null,
      output: typeof record.output === 'string' ? record.output : null,
      signal: typeof record.signal === 'string' ? record.signal : null,
    };
  }
  return null;
}
