import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../protocol/logger.ts';
import { isBuildCurrent } from './build-stamp.ts';

/** The app could not be built; the build's own errors were printed above. */
export class BuildError extends Error {
  readonly code = 'BUILD_FAILED';
  constructor() {
    super('building the app failed (the errors are above); fix them and run npm start again.');
    this.name = 'BuildError';
  }
}

/**
 * Builds the app when `root` has no complete build of its current sources
 * (first start, an interrupted build, changed sources). The build's progress
 * goes to stderr: stdout carries only JSON log lines.
 */
export async function ensureBuilt(root: string, logger: Logger): Promise<void> {
  if (isBuildCurrent(root)) return;
  logger.info('building the app (first start or changed sources)');
  const started = Date.now();
  const script = join(dirname(fileURLToPath(import.meta.url)), 'build.ts');
  const status = await new Promise<number | string>((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: root, stdio: ['ignore', 2, 2] });
    child.once('error', () => resolve('spawn failed'));
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  if (status !== 0) throw new BuildError();
  logger.info({ durationMs: Date.now() - started }, 'app built');
}
