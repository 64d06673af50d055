import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger } from '../../protocol/logger.ts';
import {
  processesOfUser,
  startTestDriver,
  type TestDriver,
} from '../test-support/local-sandbox.ts';
import { detectHostRuntime } from './host-runtime.ts';
import { LocalSandboxDriver } from './local-driver.ts';
import type { SandboxHandle } from './types.ts';

let harness: TestDriver;
let sandbox: SandboxHandle;

beforeAll(async () => {
  // Short limits keep the runaway cases quick and the shared machine calm.
  harness = await startTestDriver({ cpuSeconds: 2, wallClockMs: 5000, processes: 48 });
  sandbox = await harness.driver.create('driver-test');
});

afterAll(async () => {
  await harness?.cleanup();
});

describe('the local driver runs commands', () => {
  test('bubblewrap isolates the sandbox on this machine', () => {
    expect(harness.driver.runtime.bwrapProblem).toBeNull();
    expect(harness.driver.isolated).toBe(true);
  });

  test('echo prints its output and exits 0', async () => {
    const result = await sandbox.exec(['echo', 'hello sandbox']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('hello sandbox\n');
    expect(result.limit).toBeNull();
  });

  test('output streams to the caller as it arrives', async () => {
    const chunks: string[] = [];
    await sandbox.exec(['sh', '-c', 'echo one; sleep 0.2; echo two'], {
      onStdout: (chunk) => chunks.push(chunk),
    });
    expect(chunks.join('')).toBe('one\ntwo\n');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
  });

  test('a failing command reports its exit code and stderr', async () => {
    const result = await sandbox.exec(['sh', '-c', 'echo broken >&2; exit 3']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe('broken\n');
    expect(result.limit).toBeNull();
  });

  test('files written through the handle are visible to processes and back', async () => {
    await sandbox.writeFile('src/hello.txt', 'from the bridge\n');
    const result = await sandbox.exec(['sh', '-c', 'cat src/hello.txt; echo made > made.txt']);
    expect(result.stdout).toBe('from the bridge\n');
    expect(new TextDecoder().decode((await sandbox.readFile('made.txt'))!)).toBe('made\n');
    const paths = (await sandbox.list()).map((entry) => entry.path);
    expect(paths).toEqual(expect.arrayContaining(['src', 'src/hello.txt', 'made.txt']));
  });

  test('the sandbox cannot read the bridge folder or its secrets', async () => {
    const result = await sandbox.exec(['sh', '-c', `ls ${process.cwd()} ; cat /etc/shadow`]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
  });

  test('the environment carries no bridge secrets', async () => {
    process.env.TANDEM_SECRET_CANARY = 'must-not-leak';
    const result = await sandbox.exec(['env']);
    delete process.env.TANDEM_SECRET_CANARY;
    expect(result.stdout).not.toContain('must-not-leak');
    expect(result.stdout).toContain('HOME=/tmp');
  });
});

describe('the local driver contains runaway code', () => {
  test('an infinite loop is stopped at the CPU limit with a clear message', async () => {
    // The wall clock is only a backstop: on a busy machine 2 CPU seconds take
    // longer than 5 s to accumulate, and the CPU limit is what this test is about.
    const result = await sandbox.exec(['node', '-e', 'for (;;) {}'], {
      limits: { wallClockMs: 60_000 },
    });
    expect(result.limit).toBe('cpu_time');
    expect(result.limitMessage).toMatch(/CPU/);
  });

  test('a process that never ends is stopped at the wall-clock limit', async () => {
    const result = await sandbox.exec(['sleep', '60']);
    expect(result.limit).toBe('wall_clock');
    expect(result.limitMessage).toMatch(/time limit/);
  });

  test('a fork bomb cannot exceed the process limit and leaves nothing behind', async () => {
    const result = await sandbox.exec(['bash', '-c', ':(){ :|:& };:; sleep 2; echo survived'], {
      limits: { wallClockMs: 3000 },
    });
    expect(result.stderr).toMatch(/Resource temporarily unavailable|fork/);
    const uid = harness.driver.userIdOf('driver-test');
    await expect.poll(() => processesOfUser(uid).length, { timeout: 5000 }).toBe(0);
  });

  test('the process limit caps how many processes a run may start', async () => {
    const result = await sandbox.exec([
      'bash',
      '-c',
      'n=0; for i in $(seq 200); do sleep 3 & n=$((n+1)); done 2>/dev/null; echo "$(jobs -p | wc -l)"',
    ]);
    expect(Number(result.stdout.trim())).toBeLessThan(48);
  });

  test('a memory hog fails at the memory limit', async () => {
    // Large zeroed buffers: the data limit counts what is mapped, so this fails fast.
    const result = await sandbox.exec(
      ['node', '-e', 'const a = []; for (;;) a.push(Buffer.alloc(1e8));'],
      { limits: { wallClockMs: 20_000 } },
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.limit).toBe('memory');
    expect(result.limitMessage).toMatch(/memory/);
  });

  test('a Python memory hog fails at the memory limit too', async () => {
    // bytes(n) is calloc'd: mapped (RLIMIT_DATA counts it) but never touched,
    // so the hog reaches the data limit without spending CPU. It used to zero
    // each block (bytearray) and, on a busy machine, met the 2 s CPU limit
    // first: no MemoryError. The CPU and wall-clock limits here are backstops;
    // the test waits for the process to end, however long the machine takes.
    const result = await sandbox.exec(
      ['python3', '-c', 'a = []\nwhile True: a.append(bytes(50 * 1024 * 1024))'],
      { limits: { cpuSeconds: 60, wallClockMs: 120_000 } },
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('MemoryError');
    expect(result.limit).toBe('memory');
  }, 130_000);

  test('50 MB of output is capped and the writer stopped', async () => {
    const result = await sandbox.exec(['sh', '-c', 'head -c 52428800 /dev/zero | tr "\\0" x']);
    expect(result.truncated).toBe(true);
    expect(result.limit).toBe('output');
    expect(result.stdout.length).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('the sandbox has no network', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((socket) => socket.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a connection to an outside address is refused', async () => {
    const script =
      "require('net').connect(80, '1.1.1.1').on('error', (e) => { console.log(e.code); process.exit(3); }).on('connect', () => console.log('connected'))";
    const result = await sandbox.exec(['node', '-e', script]);
    expect(result.stdout.trim()).toBe('ENETUNREACH');
  });

  test("the bridge's own loopback services are out of reach", async () => {
    const script = `require('net').connect(${port}, '127.0.0.1').on('error', (e) => { console.log(e.code); process.exit(3); }).on('data', (d) => console.log(String(d)))`;
    const result = await sandbox.exec(['node', '-e', script]);
    expect(result.stdout.trim()).toBe('ECONNREFUSED');
  });
});

describe('without bubblewrap, when the operator allows it', () => {
  test('commands still run with every limit applied', async () => {
    const runtime = await detectHostRuntime({ disableBwrap: true });
    const root = mkdtempSync(join(tmpdir(), 'tandem-unisolated-'));
    const driver = await LocalSandboxDriver.start({
      root,
      logger: silentLogger(),
      runtime,
      // The unsafe switch, set explicitly: without it the driver refuses to start.
      allowUnisolated: true,
      limits: { cpuSeconds: 1, wallClockMs: 10_000 },
    });
    try {
      expect(driver.isolated).toBe(false);
      const plain = await driver.create('plain');
      const echo = await plain.exec(['sh', '-c', 'echo "$HOME"; pwd']);
      expect(echo.stdout).toContain(join(root, 'plain'));
      const loop = await plain.exec(['node', '-e', 'for (;;) {}']);
      expect(loop.limit).toBe('cpu_time');
    } finally {
      await driver.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
