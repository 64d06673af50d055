// Builds what the browser and the app server need: the Remix app (classic
// compiler) and the editor client bundle (a current esbuild; see
// docs/decisions/004-editor-bundle.md).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps: Array<{ name: string; command: string[]; when?: () => boolean }> = [
  {
    name: 'editor bundle',
    command: ['node', 'app/editor/build.ts'],
    when: () => existsSync('app/editor/build.ts'),
  },
  { name: 'remix app', command: ['npx', '--no-install', 'remix', 'build'] },
];

for (const step of steps) {
  if (step.when && !step.when()) continue;
  const started = Date.now();
  execFileSync(step.command[0]!, step.command.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  console.log(`build: ${step.name} in ${Date.now() - started} ms`);
}
