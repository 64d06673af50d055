import { readdirSync, readFileSync, statSync } from 'node:fs';

// Which processes of a sandbox still hold a file open. A write replaces a
// file by rename (local-files.ts); a shell that opened the old file before
// the rename (`>>` between its open and its write) writes into the replaced
// inode, so the write waits for such holders before it reads what they wrote.
// Only stat() of /proc/<pid>/fd/<n> is used: nothing the sandbox has open is
// ever opened or read through these links.

/** Most descriptors looked at per check: a sandbox with more cannot stall the bridge. */
export const MAX_DESCRIPTORS = 2048;

/**
 * Whether one of `pids` has the file `dev`/`ino` open; null when that could
 * not be told (more than MAX_DESCRIPTORS descriptors).
 */
export function heldOpenBy(pids: Iterable<number>, dev: number, ino: number): boolean | null {
  let seen = 0;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      // Exited (or not ours to look at).
      continue;
    }
    for (const fd of fds) {
      if (++seen > MAX_DESCRIPTORS) return null;
      try {
        const stat = statSync(`/proc/${pid}/fd/${fd}`);
        if (stat.ino === ino && stat.dev === dev) return true;
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return false;
}

/**
 * The processes of one local sandbox: its cgroup's when it has one, else the
 * processes running as its uid (when the bridge drops to one), else none known.
 */
export function sandboxProcesses(cgroupProcs: string[], uid: number | null): () => number[] {
  if (cgroupProcs.length > 0) {
    return () => {
      try {
        return readFileSync(cgroupProcs[0]!, 'utf8').split('\n').filter(Boolean).map(Number);
      } catch {
        return [];
      }
    };
  }
  if (uid === null) return () => [];
  return () => {
    const pids: number[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        if (statSync(`/proc/${name}`).uid === uid) pids.push(Number(name));
      } catch {
        // Exited meanwhile.
      }
    }
    return pids;
  };
}
