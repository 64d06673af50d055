import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { BridgeError } from '../errors.ts';
import { systemFolderArgs } from './system-folders.ts';

const run = promisify(execFile);

/** What the machine offers the local driver, found once at start-up. */
export interface HostRuntime {
  /** bubblewrap, when installed and able to create namespaces here. */
  bwrap: string | null;
  /** Why bubblewrap is not used, for the start-up notice. */
  bwrapProblem: string | null;
  prlimit: string;
  /** util-linux setpriv, used to drop root to the sandbox user. */
  setpriv: string | null;
  /** The bridge runs as root: sandboxes then run as their own unprivileged user. */
  root: boolean;
  /** Folder of the Node binary running the bridge (TS/JS tests use it). */
  nodeBinDir: string;
  python: { executable: string; prefix: string } | null;
  /** Folders with the shell tools every sandbox sees read-only. */
  shell: string;
}

/** Finds an executable on PATH (or at the usual system places). */
export function findExecutable(name: string): string | null {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/bin', '/usr/sbin'];
  for (const folder of folders) {
    if (!folder) continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

async function probeBwrap(bwrap: string): Promise<string | null> {
  try {
    await run(
      bwrap,
      [
        ...systemFolderArgs(),
        '--proc',
        '/proc',
        '--dev',
        '/dev',
        '--unshare-net',
        '--unshare-pid',
        ...(process.getuid?.() === 0 ? [] : ['--unshare-user']),
        '--die-with-parent',
        'true',
      ],
      { timeout: 5000 },
    );
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return `bubblewrap is installed but cannot create a sandbox here (${stderr || String(error)})`;
  }
}

async function findPython(): Promise<HostRuntime['python']> {
  const python = findExecutable('python3');
  if (!python) return null;
  try {
    // pyenv and similar put a shell shim on PATH; ask the interpreter where it really is.
    const { stdout } = await run(
      python,
      ['-c', 'import sys; print(sys.executable); print(sys.base_prefix)'],
      { timeout: 10_000 },
    );
    const [executable, prefix] = stdout.trim().split('\n');
    if (!executable || !prefix || !existsSync(executable)) return null;
    return { executable, prefix };
  } catch {
    return null;
  }
}

/**
 * Inspects the machine: bubblewrap (and whether it works here), prlimit,
 * setpriv, Node and Python. Throws SANDBOX_LIMITS_UNAVAILABLE without prlimit:
 * limits apply in every case, isolated or not.
 */
export async function detectHostRuntime(
  options: {
    disableBwrap?: boolean;
    /** bubblewrap to use instead of the one on PATH. */
    bwrapPath?: string;
  } = {},
): Promise<HostRuntime> {
  const prlimit = findExecutable('prlimit');
  if (!prlimit) {
    throw new BridgeError(
      'SANDBOX_LIMITS_UNAVAILABLE',
      'prlimit (util-linux) is not installed, so sandbox limits cannot be applied; install util-linux.',
    );
  }
  const root = process.getuid?.() === 0;
  const bwrapPath = options.disableBwrap ? null : (options.bwrapPath ?? findExecutable('bwrap'));
  const bwrapProblem = options.disableBwrap
    ? 'bubblewrap is disabled for this driver'
    : bwrapPath
      ? await probeBwrap(bwrapPath)
      : 'bubblewrap is not installed (Debian package "bubblewrap")';
  return {
    bwrap: bwrapPath && !bwrapProblem ? bwrapPath : null,
    bwrapProblem,
    prlimit,
    setpriv: findExecutable('setpriv'),
    root,
    nodeBinDir: dirname(process.execPath),
    python: await findPython(),
    shell: existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh',
  };
}
