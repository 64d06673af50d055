import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../tests/support/log-capture.ts';
import { routeOutputToLogger } from './console-bridge.ts';
import { createLogger } from './logger.ts';

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe('routeOutputToLogger', () => {
  it('turns a coloured console.warn into one JSON line at warn, without the escapes', () => {
    const logs = captureLogs();
    restore = routeOutputToLogger(createLogger('test', 'debug', logs.destination));
    console.warn('\x1b[33mWARN\x1b[0m \x1b[1m[Some Library]:\x1b[0m disk %s', 'low');
    restore();
    expect(logs.lines()).toEqual([
      expect.objectContaining({
        level: 40,
        source: 'console',
        msg: 'WARN [Some Library]: disk low',
      }),
    ]);
  });

  it('logs an Error given to console.error as one line with its stack as a field', () => {
    const logs = captureLogs();
    restore = routeOutputToLogger(createLogger('test', 'debug', logs.destination));
    console.error(new Error('No route matches URL "/x"'));
    restore();
    const [line] = logs.lines();
    expect(line).toMatchObject({ level: 50, msg: 'No route matches URL "/x"' });
    expect((line?.err as { stack?: string } | undefined)?.stack).toContain('No route matches URL');
    expect(logs.text().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('wraps plain text written to process.stdout and passes JSON lines through', () => {
    const logs = captureLogs();
    const written: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      restore = routeOutputToLogger(createLogger('test', 'debug', logs.destination));
      process.stdout.write('plain one\nplain two\n');
      process.stdout.write('{"level":30,"msg":"already json"}\n');
      restore();
    } finally {
      process.stdout.write = original;
    }
    expect(logs.lines().map((line) => [line.source, line.msg])).toEqual([
      ['stdout', 'plain one'],
      ['stdout', 'plain two'],
    ]);
    expect(written).toEqual(['{"level":30,"msg":"already json"}\n']);
  });
});
