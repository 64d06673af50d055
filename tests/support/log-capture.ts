import type { DestinationStream } from '../../protocol/logger.ts';

/** One parsed log line. */
export type LogLine = Record<string, unknown> & { service?: string; msg?: string };

export interface LogCapture {
  /** Hand this to the loggers (startTestStack's `logDestination`). */
  destination: DestinationStream;
  /** Everything written, as it was written. */
  text(): string;
  /** Every line, parsed. */
  lines(): LogLine[];
}

/** Keeps every log line the services write, for tests that read their logs. */
export function captureLogs(): LogCapture {
  const chunks: string[] = [];
  return {
    destination: {
      write(chunk: string) {
        chunks.push(chunk);
      },
    },
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as LogLine),
  };
}
