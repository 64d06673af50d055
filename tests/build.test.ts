import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve('.');
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A minimal Remix app in a new folder that resolves packages from this checkout. */
function remixApp(root: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'tandem-build-'));
  folders.push(folder);
  symlinkSync(join(repo, 'node_modules'), join(folder, 'node_modules'));
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({
      type: 'module',
      dependencies: { '@remix-run/node': '*', '@remix-run/react': '*', isbot: '*', react: '*' },
    }),
  );
  writeFileSync(
    join(folder, 'remix.config.js'),
    "export default { serverModuleFormat: 'esm', future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true } };\n",
  );
  mkdirSync(join(folder, 'app/routes'), { recursive: true });
  writeFileSync(join(folder, 'app/root.tsx'), root);
  writeFileSync(
    join(folder, 'app/routes/_index.tsx'),
    'export default function Index() { return <p>hello</p>; }\n',
  );
  return folder;
}

const ROOT = `import { Outlet, Scripts } from '@remix-run/react';
export default function App() { return <html lang="en"><body><Outlet /><Scripts /></body></html>; }
`;

/** Runs `node script` in `cwd` until every holder of its output (esbuild's service too) closed it. */
function runToClose(script: string, cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [script], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the app build', { timeout: 120_000 }, () => {
  // `remix build` exited with its esbuild contexts open; when a ping of
  // esbuild's service was unanswered at that moment (a busy machine), the
  // service printed `fatal error: all goroutines are asleep - deadlock!` and
  // 30 lines of goroutines into the first `npm start`.
  it('leaves no esbuild service behind to deadlock when the builder exits busy', async () => {
    const folder = remixApp(ROOT);
    const result = await runToClose(
      join(repo, 'tests/fixtures/build/build-then-exit-busy.ts'),
      folder,
    );
    expect(result.stderr).not.toContain('goroutine');
    expect(result.code, result.stderr).toBe(0);
  });

  it('stops npm start with one line naming the failed build, and no stack trace', async () => {
    const folder = remixApp('export default function App( { return <html>; }\n');
    const result = await runToClose(join(repo, 'scripts/start.ts'), folder, {
      TANDEM_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      DATABASE_URL: '',
      PORT: '0',
      COLLAB_PORT: '0',
      BRIDGE_PORT: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/app\/root\.tsx:1:\d+: ERROR/);
    expect(result.stderr).toContain('build: the remix app step failed (1); its errors are above.');
    expect(result.stderr).toContain(
      'tandem: building the app failed (the errors are above); fix them and run npm start again.\n',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr + result.stdout).not.toContain('goroutine');
  });
});
