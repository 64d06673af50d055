/** One framed line of a grading driver, as the bridge understood it. */
export type DriverFrame =
  | { kind: 'ready' }
  | { kind: 'fatal'; message: string }
  | { kind: 'value'; index: number; value: unknown }
  | { kind: 'error'; index: number; message: string }
  | { kind: 'malformed' };

/**
 * Splits a driver's stdout into lines and hands over the frames: lines that
 * start with the record separator and this run's nonce. Every other line is
 * the candidate's own output and is ignored, whatever it looks like. A frame
 * cut off by the end of the output is dropped (its case then has no answer).
 */
export function frameReader(nonce: string, onFrame: (frame: DriverFrame) => void) {
  const marker = `\u001e${nonce} `;
  let buffer = '';
  const line = (text: string) => {
    if (text.startsWith(marker)) onFrame(parseFrame(text.slice(marker.length)));
  };
  return {
    push(chunk: string) {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        line(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    },
    /** The output ended: an unterminated last line is not a frame. */
    end() {
      buffer = '';
    },
  };
}

export function parseFrame(text: string): DriverFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'malformed' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'malformed' };
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort().join(',');
  if (keys === 'ready' && record.ready === true) return { kind: 'ready' };
  if (keys === 'fatal' && typeof record.fatal === 'string') {
    return { kind: 'fatal', message: record.fatal.slice(0, 2000) };
  }
  const index = record.case;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    return { kind: 'malformed' };
  }
  if (keys === 'case,value') return { kind: 'value', index, value: record.value };
  if (keys === 'case,error' && typeof record.error === 'string') {
    return { kind: 'error', index, message: record.error.slice(0, 2000) };
  }
  return { kind: 'malformed' };
}
