import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../protocol/logger.ts';

/** The local sandbox cannot isolate candidates here; the message says what to install. */
export class BubblewrapMissingError extends Error {
  readonly code = 'BUBBLEWRAP_MISSING';
  constructor() {
    super(
      'the local sandbox needs bubblewrap to isolate candidates from this machine, and it is not installed. ' +
        'Install it (Debian/Ubuntu: sudo apt-get install -y bubblewrap; Fedora: sudo dnf install bubblewrap; ' +
        'Arch: sudo pacman -S bubblewrap) and run npm start again, or set SANDBOX_DRIVER=modal with Modal tokens.',
    );
    this.name = 'BubblewrapMissingError';
  }
}

function onPath(command: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((folder) => {
    try {
      accessSync(join(folder, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * `npm start` with the local sandbox driver: installs bubblewrap with apt when
 * it is missing and we are root (as `npm test` installs Chromium), and
 * otherwise stops with a message naming what to install. Whether the driver
 * may run without isolation is the driver's rule (TANDEM_UNSAFE_UNISOLATED_SANDBOX),
 * not decided here: with that switch set nothing is installed.
 */
export async function ensureBubblewrap(
  env: Record<string, string | undefined>,
  logger: Logger,
): Promise<void> {
  if ((env.SANDBOX_DRIVER || 'local') !== 'local') return;
  if (env.TANDEM_UNSAFE_UNISOLATED_SANDBOX === '1') return;
  if (onPath('bwrap', env.PATH)) return;
  if (process.getuid?.() !== 0 || !onPath('apt-get', env.PATH)) throw new BubblewrapMissingError();
  logger.info('installing bubblewrap with apt-get (the local sandbox isolates candidates with it)');
  const script = join(dirname(fileURLToPath(import.meta.url)), 'ensure-system-packages.sh');
  const status = await new Promise<number | string>((resolve) => {
    const child = spawn('/bin/sh', [script, 'bubblewrap'], {
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 2, 2],
    });
    child.once('error', () => resolve('spawn failed'));
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  if (status !== 0 || !onPath('bwrap', env.PATH)) throw new BubblewrapMissingError();
}
