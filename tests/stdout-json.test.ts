import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.ts';
import { startNode } from './support/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tandem-stdout-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Collects a child's stdout apart from its stderr. */
function stdoutOf(started: ReturnType<typeof startNode>): () => string {
  let text = '';
  started.child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk;
  });
  return () => text;
}

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

describe('npm start writes only JSON lines to stdout', () => {
  it('logs a 404, a missing favicon, a wrong password and the start banner as JSON, none of them as errors', async () => {
    const PORT = await freePort();
    const started = startNode('scripts/start.ts', {
      PORT: String(PORT),
      COLLAB_PORT: String(await freePort()),
      BRIDGE_PORT: String(await freePort()),
      PUBLIC_URL: '',
      PGLITE_DIR: join(dataDir, 'pglite'),
      SANDBOX_DIR: join(dataDir, 'sandboxes'),
      ARCHIVE_DIR: join(dataDir, 'archive'),
      TANDEM_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
      // Libraries colour their text when they think they write to a terminal.
      FORCE_COLOR: '1',
    });
    const stdout = stdoutOf(started);
    await started.waitFor('Tandem is running.', 180_000);
    const base = `http://127.0.0.1:${PORT}`;

    const favicon = await fetch(`${base}/favicon.ico`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toBe('image/x-icon');
    expect((await fetch(`${base}/login`)).status).toBe(200);
    expect((await fetch(`${base}/no-such-page`)).status).toBe(404);
    expect((await fetch(`${base}/no-such-icon.png`)).status).toBe(404);
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { origin: base },
      body: new URLSearchParams({
        email: 'interviewer@tandem.local',
        password: 'not-the-password',
      }),
    });
    expect(login.status).toBe(401);

    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);

    const lines = stdout()
      .split('\n')
      .filter((line) => line !== '');
    const parsed: LogLine[] = [];
    for (const line of lines) {
      let value: unknown;
      expect(() => {
        value = JSON.parse(line);
      }, line).not.toThrow();
      expect(typeof value, line).toBe('object');
      parsed.push(value as LogLine);
    }
    expect(stdout()).not.toContain('\x1b[');
    expect(parsed.filter((line) => line.level >= 50)).toEqual([]);

    const requests = parsed.filter((line) => line.msg === 'request');
    expect(requests.filter((line) => line.status === 404)).toHaveLength(2);
    const wrongPassword = parsed.find((line) => line.component === 'better-auth');
    expect(wrongPassword).toMatchObject({ level: 40, msg: 'Invalid password' });
    expect(parsed.find((line) => line.msg === 'Tandem is running')).toMatchObject({
      login: `http://localhost:${PORT}/login`,
    });
  }, 240_000);
});
