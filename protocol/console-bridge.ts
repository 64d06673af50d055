import { format } from 'node:util';
import type { Logger } from './logger.ts';

/** Colour and cursor escapes, which libraries add when they think stdout is a terminal. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';
const LEVELS: Record<ConsoleMethod, 'info' | 'warn' | 'error' | 'debug' | 'trace'> = {
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
  debug: 'debug',
  trace: 'trace',
};

/** A line that is already one JSON object (pino's), told cheaply: it is not parsed. */
function isJsonLine(line: string): boolean {
  return line.startsWith('{') && line.endsWith('}');
}

/** Text as one log message: escapes stripped, no trailing newline. */
export function plainText(text: string): string {
  return text.replace(ANSI, '').replace(/\s+$/, '');
}

/**
 * Makes stdout carry only JSON lines, whatever library writes to it: console
 * methods log through `logger` (an Error argument becomes `err`, so its stack
 * is a field, not 30 lines), and any other text written to process.stdout
 * becomes one log line per line of text; lines that already are JSON objects
 * (pino's) pass untouched. Returns a function that puts everything back (tests).
 */
export function routeOutputToLogger(logger: Logger): () => void {
  const log = logger.child({ source: 'console' });
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of Object.keys(LEVELS) as ConsoleMethod[]) {
    saved.set(method, console[method]);
    console[method] = (...args: unknown[]) => {
      const level = LEVELS[method];
      const err = args.find((arg) => arg instanceof Error);
      const rest = err ? args.filter((arg) => arg !== err) : args;
      const message = plainText(rest.length > 0 ? format(...rest) : String(err?.message ?? ''));
      if (err) log[level]({ err }, message);
      else log[level](message);
    };
  }

  const stdoutWrite = process.stdout.write;
  const stray = logger.child({ source: 'stdout' });
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    // pino writes here too once process.stdout is replaced: its lines pass as they are.
    if (lines.every(isJsonLine)) {
      return stdoutWrite.call(process.stdout, chunk, ...(rest as [])) as boolean;
    }
    for (const line of lines) {
      if (isJsonLine(line)) stdoutWrite.call(process.stdout, `${line}\n`);
      else if (plainText(line)) stray.info(plainText(line));
    }
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;

  return () => {
    for (const [method, original] of saved) console[method] = original;
    process.stdout.write = stdoutWrite;
  };
}
