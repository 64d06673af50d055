import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../protocol/logger.ts';
import { LocalSandboxDriver } from '../driver/local-driver.ts';
import type { ResourceLimits } from '../driver/types.ts';

export interface TestDriver {
  driver: LocalSandboxDriver;
  root: string;
  cleanup(): Promise<void>;
}

/** A local driver in a fresh temporary folder; `cleanup` removes every sandbox. */
export async function startTestDriver(limits: Partial<ResourceLimits> = {}): Promise<TestDriver> {
  const root = mkdtempSync(join(tmpdir(), 'tandem-sandboxes-'));
  const driver = await LocalSandboxDriver.start({ root, logger: silentLogger(), limits });
  return {
    driver,
    root,
    cleanup: async () => {
      // destroy() also removes each sandbox's cgroups, which outlive a folder.
      for (const id of readdirSync(root)) await driver.destroy(id).catch(() => {});
      await driver.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Processes on this machine whose real user id is `uid` (read from /proc). */
export function processesOfUser(uid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const line = status.split('\n').find((l) => l.startsWith('Uid:'));
      if (line && Number(line.split(/\s+/)[1]) === uid) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
