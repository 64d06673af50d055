// Builds what the browser and the app server need: the editor client bundle
// (a current esbuild; see docs/decisions/004-editor-bundle.md) and the Remix
// app (classic compiler, through scripts/build-remix.ts), one after the other,
// each in its own process. Then writes build/stamp.json, which `npm start`
// checks. A failed step prints one line naming it and exits 1.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_STAMP, writeBuildStamp } from './build-stamp.ts';

const root = process.cwd();
const scripts = dirname(fileURLToPath(import.meta.url));

const steps: Array<{ name: string; script: string }> = [
  { name: 'editor bundle', script: join(root, 'app/editor/build.ts') },
  { name: 'remix app', script: join(scripts, 'build-remix.ts') },
];

function run(script: string): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', () => resolve('spawn failed'));
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}

rmSync(join(root, BUILD_STAMP), { force: true });
for (const step of steps) {
  if (!existsSync(step.script)) continue;
  const started = Date.now();
  const status = await run(step.script);
  if (status !== 0) {
    console.error(`build: the ${step.name} step failed (${status}); its errors are above.`);
    process.exit(1);
  }
  console.log(`build: ${step.name} in ${Date.now() - started} ms`);
}
writeBuildStamp(root);
