import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.ts';
import { startNode } from './support/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tandem-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function ports() {
  return { PORT: await freePort(), COLLAB_PORT: await freePort(), BRIDGE_PORT: await freePort() };
}

describe('npm start (the single-process composition root)', () => {
  it('prints the URLs, answers /healthz on every service and exits 0 within 5 s of SIGTERM', async () => {
    const { PORT, COLLAB_PORT, BRIDGE_PORT } = await ports();
    const started = startNode('scripts/start.ts', {
      PORT: String(PORT),
      COLLAB_PORT: String(COLLAB_PORT),
      BRIDGE_PORT: String(BRIDGE_PORT),
      // No PUBLIC_URL: the printed links follow PORT.
      PUBLIC_URL: '',
      PGLITE_DIR: join(dataDir, 'pglite'),
      SANDBOX_DIR: join(dataDir, 'sandboxes'),
      ARCHIVE_DIR: join(dataDir, 'archive'),
      TANDEM_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      DATABASE_URL: '',
    });
    // A first start builds the app when its sources changed, then migrates and
    // seeds: a minute or more with the machine loaded past its two cores.
    await started.waitFor('Tandem is running.', 180_000);
    const output = started.output();
    expect(output).toContain(`http://localhost:${PORT}/login`);
    expect(output).toMatch(new RegExp(`http://localhost:${PORT}/invite/[A-Za-z0-9_-]{20,}`));
    expect(output).toContain('interviewer@tandem.local');

    for (const port of [PORT, COLLAB_PORT, BRIDGE_PORT]) {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status, `port ${port}`).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    }

    // Pages render in plain Node (not only under the test runner's transforms).
    for (const path of ['/', '/login']) {
      const page = await fetch(`http://127.0.0.1:${PORT}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text()).toContain('Tandem');
    }

    const stopAsked = Date.now();
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(Date.now() - stopAsked).toBeLessThan(5000);
  }, 240_000);

  it('names DATABASE_URL when it is not a postgres URL, and exits 1 without a stack trace', async () => {
    const run = startNode('scripts/start.ts', {
      ...Object.fromEntries(Object.entries(await ports()).map(([k, v]) => [k, String(v)])),
      DATABASE_URL: 'mysql://root@localhost/tandem',
      TANDEM_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('DATABASE_URL');
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it('says clearly that an unreachable database cannot be reached, and exits non-zero', async () => {
    const run = startNode('scripts/start.ts', {
      ...Object.fromEntries(Object.entries(await ports()).map(([k, v]) => [k, String(v)])),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/tandem',
      TANDEM_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    });
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toContain('Cannot reach Postgres at 127.0.0.1:1/tandem (DATABASE_URL)');
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['PORT', 'app'],
    ['COLLAB_PORT', 'collab-server'],
    ['BRIDGE_PORT', 'sandbox-bridge'],
  ])('names %s when the %s port is taken, and exits 1 without a stack trace', async (variable) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = startNode('scripts/start.ts', {
        ...Object.fromEntries(Object.entries(await ports()).map(([k, v]) => [k, String(v)])),
        [variable]: String(port),
        PGLITE_DIR: join(dataDir, `taken-${variable}`),
        TANDEM_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(
        `127.0.0.1:${port} is already in use: stop what listens there or set ${variable}.`,
      );
      expect(run.output()).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });

  it('stops with one line saying to install bubblewrap when it is missing and cannot be installed here', async () => {
    // A PATH with node but neither bwrap nor apt-get: a machine where npm start cannot install it.
    const bin = join(dataDir, 'bin-without-bwrap');
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'node'));
    const run = startNode('scripts/start.ts', {
      ...Object.fromEntries(Object.entries(await ports()).map(([k, v]) => [k, String(v)])),
      PATH: bin,
      SANDBOX_DRIVER: '',
      TANDEM_UNSAFE_UNISOLATED_SANDBOX: '',
      TANDEM_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(
      'tandem: the local sandbox needs bubblewrap to isolate candidates from this machine, and it is not installed. ' +
        'Install it (Debian/Ubuntu: sudo apt-get install -y bubblewrap;',
    );
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it('names TANDEM_SECRET when a service started alone has none', async () => {
    const run = startNode('collab-server/main.ts', { TANDEM_SECRET: '', COLLAB_PORT: '0' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('TANDEM_SECRET');
  });
});
