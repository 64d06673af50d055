import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SandboxHandle } from '../../sandbox-bridge/driver/types.ts';
import {
  startTestDriver,
  type TestDriver,
} from '../../sandbox-bridge/test-support/local-sandbox.ts';

// Issue 11, attack 3: one sandbox's processes together held 1,152 MB and wrote
// 181 MB, because every limit was per process. These limits hold for the
// sandbox as a whole: memory and processes by cgroup (plus RLIMIT_NPROC per
// sandbox user), /tmp by a sized tmpfs, the workspace by the bridge's disk
// watchdog.

const MiB = 1024 * 1024;
let harness: TestDriver;
let sandbox: SandboxHandle;

beforeAll(async () => {
  harness = await startTestDriver({
    sandboxMemoryBytes: 256 * MiB,
    tmpBytes: 8 * MiB,
    processes: 48,
    workspaceBytes: 16 * MiB,
    wallClockMs: 120_000,
  });
  sandbox = await harness.driver.create('limits');
});
afterAll(async () => {
  await harness?.cleanup();
});

// Four children of 100 MB each (each well under the per-process limit):
// together over the sandbox's 256 MiB. The parent reports when all four hold
// their memory at once, or when one of them is killed.
const MEMORY_HOGS = `
const { spawn } = require('node:child_process');
const child = "const b = Buffer.alloc(100 * 1024 * 1024, 1); console.log('held'); setInterval(() => b[0]++, 1000);";
let held = 0;
const children = [];
for (let i = 0; i < 4; i++) {
  const c = spawn(process.execPath, ['-e', child], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(c);
  c.stdout.on('data', () => { if (++held === 4) { console.log('all held'); process.exit(0); } });
  c.on('exit', (code, signal) => {
    console.log('child stopped ' + signal);
    for (const other of children) other.kill('SIGKILL');
    process.exit(3);
  });
}
`;

describe('limits hold for the sandbox as a whole', () => {
  test('/tmp is writable by the candidate and is HOME', async () => {
    const result = await sandbox.exec([
      'sh',
      '-c',
      'echo note > /tmp/a && echo home > "$HOME/b" && cat /tmp/a "$HOME/b" && echo "$HOME"',
    ]);
    expect(result.stdout).toBe('note\nhome\n/tmp\n');
  });

  test('many files together cannot fill /tmp beyond its size', async () => {
    const result = await sandbox.exec([
      'sh',
      '-c',
      'for i in $(seq 20); do head -c 1048576 /dev/zero > /tmp/f$i || echo "full at $i"; done; du -skx /tmp | cut -f1',
    ]);
    expect(result.stdout).toContain('full at');
    const usedKiB = Number(result.stdout.trim().split('\n').pop());
    expect(usedKiB).toBeLessThanOrEqual(8 * 1024);
  });

  test('many files together cannot fill the workspace beyond its quota: the run is stopped, the bridge reports it and stays up', async () => {
    const disk = await harness.driver.create('disk');
    const result = await disk.exec([
      'sh',
      '-c',
      'for i in $(seq 64); do head -c 1048576 /dev/zero > f$i; echo $i; sleep 0.1; done; echo done',
    ]);
    expect(result.limit).toBe('disk');
    expect(result.limitMessage).toMatch(/more than 16 MiB of disk/);
    expect(result.stdout).not.toContain('done');
    const files = (await disk.list()).filter((entry) => entry.kind === 'file');
    expect(files.length).toBeGreaterThan(16);
    expect(files.length).toBeLessThan(64);
    // Still over the quota: the next run is stopped at once, until files are deleted.
    const again = await disk.exec(['sleep', '30']);
    expect(again.limit).toBe('disk');
    expect(again.durationMs).toBeLessThan(10_000);
    for (const file of files) await disk.deleteFile(file.path);
    const after = await disk.exec(['echo', 'ok']);
    expect(after).toMatchObject({ stdout: 'ok\n', limit: null });
  });

  test('the terminal filling the workspace is closed with the disk limit sentence', async () => {
    const disk = await harness.driver.create('disk-terminal');
    const terminal = await disk.openPty({ cols: 80, rows: 24 });
    let output = '';
    const exited = new Promise<number | null>((resolve) => terminal.onExit(resolve));
    terminal.onData((data) => {
      output += data;
    });
    terminal.write('for i in $(seq 64); do head -c 1048576 /dev/zero > t$i; sleep 0.1; done\n');
    await exited;
    expect(output).toContain('more than 16 MiB of disk (disk limit)');
    expect((await disk.list()).filter((entry) => entry.kind === 'file').length).toBeLessThan(64);
  });

  test('several processes together cannot hold more memory than the sandbox may', async () => {
    expect(harness.driver.cgroups).not.toBeNull();
    const result = await sandbox.exec(['node', '-e', MEMORY_HOGS]);
    expect(result.stdout).not.toContain('all held');
    expect(result.stdout).toContain('child stopped SIGKILL');
    expect(peakMemory(harness.driver.cgroupOf('limits'))).toBeLessThanOrEqual(256 * MiB);
  });

  test('two runs at once share one process budget', async () => {
    const hold = new AbortController();
    let first = '';
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const holding = sandbox.exec(
      [
        'bash',
        '-c',
        'n=0; for i in $(seq 30); do sleep 600 & n=$((n+1)); done 2>/dev/null; echo "started $n"; wait',
      ],
      {
        signal: hold.signal,
        onStdout: (chunk) => {
          first += chunk;
          if (first.includes('started')) started();
        },
      },
    );
    await firstStarted;
    const second = await sandbox.exec([
      'bash',
      '-c',
      'n=0; for i in $(seq 40); do sleep 600 & n=$((n+1)); done 2>/dev/null; echo "$(jobs -p | wc -l)"; kill $(jobs -p) 2>/dev/null',
    ]);
    hold.abort();
    await holding;
    const together = Number(first.match(/started (\d+)/)![1]) + Number(second.stdout.trim());
    expect(together).toBeLessThan(48);
  });
});

/** The most memory the sandbox's cgroup ever held, bytes. */
function peakMemory(cgroup: string): number {
  for (const file of [
    `/sys/fs/cgroup/memory/tandem-sandboxes/${cgroup}/memory.max_usage_in_bytes`,
    `/sys/fs/cgroup/tandem-sandboxes/${cgroup}/memory.peak`,
  ]) {
    try {
      return Number(readFileSync(file, 'utf8').trim());
    } catch {
      // the other cgroup version
    }
  }
  throw new Error(`no memory peak for cgroup ${cgroup}`);
}
