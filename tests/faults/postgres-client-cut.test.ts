import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTGRES_URL, report } from './harness.ts';

const CHILD = join(import.meta.dirname, 'cut-transaction.child.ts');

function run(mode: 'script' | 'begin'): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, mode, POSTGRES_URL], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/**
 * postgres.js 3.4's `begin()` writes a `rollback` to a connection that has
 * just died and throws from its own timers (`Cannot read properties of null
 * (reading 'write')`, or the reconnect's CONNECT_TIMEOUT): nobody can catch
 * it and the process ends — the collab-server dropped every session when
 * Postgres went away during a history append (`node cut-transaction.child.ts
 * begin <url>` still shows it, exit 1). The history log's transaction runs
 * as one simple query through DatabaseHandle.script instead (decision 017).
 */
describe('a transaction whose Postgres connection is cut', () => {
  it('fails to its caller, and the process lives on and queries again once Postgres is back', async () => {
    const { code, output } = await run('script');
    report('postgres client cut mid-transaction', {
      exit: String(code),
      transaction: output.match(/transaction (\w+ ?\w*)/)?.[1] ?? '',
    });
    expect(output).toMatch(/transaction failed (CONNECTION_CLOSED|ECONNRESET)/);
    expect(output).toContain('queried after restore');
    expect(output).toContain('survived');
    expect(code).toBe(0);
  }, 60_000);
});
