import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const PGLITE_LOCK_FILE = 'tandem.lock';

/** Another process (or another handle in this one) has the PGlite folder open. */
export class PgliteInUseError extends Error {
  readonly code = 'DATABASE_IN_USE';
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database ${dataDir} is in use by process ${pid}${pid === process.pid ? ' (this one)' : ''}: ` +
        'PGlite allows one process per folder. Stop that process (another npm start?), ' +
        'or set PGLITE_DIR to another folder, or DATABASE_URL to use Postgres.',
    );
    this.name = 'PgliteInUseError';
  }
}

/** Lock files this process holds: a lock naming our pid that is not here was left by an earlier process with the same pid (pid 1 in a restarted container). */
const held = new Set<string>();

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder's lock file (created exclusively, holding our pid), or
 * throws PgliteInUseError while a live process holds it. A lock left by a
 * process that died (kill -9) is taken over. Returns the release function.
 *
 * Two PGlite instances on one folder corrupt it: the first one crashed with
 * `RuntimeError: Aborted()` when a second process opened the folder.
 */
export function lockPgliteFolder(dataDir: string): () => void {
  const path = join(dataDir, PGLITE_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(path);
      return () => {
        held.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (held.has(path) || (Number.isInteger(holder) && holder > 0 && alive(holder))) {
        throw new PgliteInUseError(dataDir, holder);
      }
      rmSync(path, { force: true }); // left by a process that is gone
    }
  }
  throw new PgliteInUseError(dataDir, Number.NaN);
}
