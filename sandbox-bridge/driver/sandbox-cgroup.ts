import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Per-sandbox control groups, where this machine lets the bridge make them:
 * one memory cap and one process cap for everything a sandbox runs at once
 * (terminal, tests, their children), which rlimits (per process) cannot give.
 * cgroup v2 needs the memory and pids controllers enabled in the bridge's own
 * (delegated) group; cgroup v1 needs writable memory and pids hierarchies.
 * See docs/decisions/013-isolation-and-limits.md for which holds where.
 */
export interface SandboxCgroups {
  readonly version: 1 | 2;
  /** Makes (or refreshes) the sandbox's groups; returns the cgroup.procs files to join. */
  create(sandboxId: string, limits: { memoryBytes: number; processes: number }): string[];
  /** How many times the kernel killed a process of the sandbox for memory. */
  oomKills(sandboxId: string): number;
  /** Kills what is left in the sandbox's groups and removes them. */
  remove(sandboxId: string): void;
}

const GROUP = 'tandem-sandboxes';

/** The cgroup support of this machine, or null when none is writable. */
export function detectSandboxCgroups(root = '/sys/fs/cgroup'): SandboxCgroups | null {
  return detectV2(root) ?? detectV1(root);
}

function writable(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true });
    return true;
  } catch {
    return false;
  }
}

function detectV2(root: string): SandboxCgroups | null {
  if (!existsSync(join(root, 'cgroup.controllers'))) return null;
  const own = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .find((line) => line.startsWith('0::'))
    ?.slice(3);
  if (own === undefined) return null;
  // Processes may not live in a group that hands controllers to children, so
  // sandboxes go in a sibling of the bridge's group (the delegated parent).
  const parent = join(root, own, '..');
  const base = join(parent, GROUP);
  try {
    const available = readFileSync(join(parent, 'cgroup.subtree_control'), 'utf8');
    if (!/\bmemory\b/.test(available) || !/\bpids\b/.test(available)) return null;
    if (!writable(base)) return null;
    writeFileSync(join(base, 'cgroup.subtree_control'), '+memory +pids');
  } catch {
    return null;
  }
  return {
    version: 2,
    create(sandboxId, limits) {
      const folder = join(base, sandboxId);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'memory.max'), String(limits.memoryBytes));
      writeFileSync(join(folder, 'memory.swap.max'), '0');
      writeFileSync(join(folder, 'pids.max'), String(limits.processes));
      return [join(folder, 'cgroup.procs')];
    },
    oomKills(sandboxId) {
      return countField(join(base, sandboxId, 'memory.events'), 'oom_kill');
    },
    remove(sandboxId) {
      const folder = join(base, sandboxId);
      if (!existsSync(folder)) return;
      try {
        writeFileSync(join(folder, 'cgroup.kill'), '1');
      } catch {
        // kernels before 5.14: the processes are gone with their sandbox anyway
      }
      removeWhenEmpty(folder);
    },
  };
}

function detectV1(root: string): SandboxCgroups | null {
  const memory = join(root, 'memory', GROUP);
  const pids = join(root, 'pids', GROUP);
  if (!existsSync(join(root, 'memory', 'memory.limit_in_bytes'))) return null;
  if (!existsSync(join(root, 'pids', 'cgroup.procs'))) return null;
  if (!writable(memory) || !writable(pids)) return null;
  return {
    version: 1,
    create(sandboxId, limits) {
      const memoryFolder = join(memory, sandboxId);
      const pidsFolder = join(pids, sandboxId);
      mkdirSync(memoryFolder, { recursive: true });
      mkdirSync(pidsFolder, { recursive: true });
      writeFileSync(join(memoryFolder, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      const swap = join(memoryFolder, 'memory.memsw.limit_in_bytes');
      if (existsSync(swap)) writeFileSync(swap, String(limits.memoryBytes));
      writeFileSync(join(pidsFolder, 'pids.max'), String(limits.processes));
      return [join(memoryFolder, 'cgroup.procs'), join(pidsFolder, 'cgroup.procs')];
    },
    oomKills(sandboxId) {
      return countField(join(memory, sandboxId, 'memory.oom_control'), 'oom_kill');
    },
    remove(sandboxId) {
      for (const folder of [join(memory, sandboxId), join(pids, sandboxId)]) {
        if (!existsSync(folder)) continue;
        killAll(join(folder, 'cgroup.procs'));
        removeWhenEmpty(folder);
      }
    },
  };
}

function countField(file: string, name: string): number {
  try {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) || 0 : 0;
  } catch {
    return 0;
  }
}

function killAll(procs: string): void {
  try {
    for (const pid of readFileSync(procs, 'utf8').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } catch {
    // the group is gone
  }
}

function removeWhenEmpty(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // still busy: a later destroy, or the next start, removes it
  }
}
