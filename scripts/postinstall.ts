// Runs after `npm install` / `npm ci`, under Node >= 22 (scripts/with-node.sh).
// node-pty is a native addon: when npm itself ran on an older system Node, the
// addon was built for that Node's ABI and cannot load here, so rebuild it
// against the Node that will run Tandem (npm_config_nodedir points at its headers).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function ptyLoads(): boolean {
  try {
    require('node-pty');
    return true;
  } catch {
    return false;
  }
}

if (!ptyLoads()) {
  console.log(`postinstall: rebuilding node-pty for Node ${process.version}`);
  execFileSync('npm', ['rebuild', 'node-pty', '--foreground-scripts'], {
    stdio: 'inherit',
    env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '' },
  });
  if (!ptyLoads()) {
    console.error('postinstall: node-pty still does not load; the terminal will be unavailable.');
    process.exitCode = 1;
  }
}
