import type { LimitKind, ResourceLimits } from './types.ts';

const MiB = 1024 * 1024;

/**
 * Limits of one command. RLIMIT_DATA rather than RLIMIT_AS for memory: V8
 * reserves gigabytes of address space it never touches (Node will not start
 * under a 1 GiB address-space limit), while it starts under 1 GiB of data.
 */
export const DEFAULT_EXEC_LIMITS: ResourceLimits = {
  cpuSeconds: 30,
  memoryBytes: 1024 * MiB,
  processes: 128,
  fileBytes: 64 * MiB,
  outputBytes: 1 * MiB,
  wallClockMs: 60_000,
  openFiles: 1024,
  sandboxMemoryBytes: 1536 * MiB,
  tmpBytes: 256 * MiB,
  workspaceBytes: 256 * MiB,
};

/** The terminal's shell: per-process CPU still bounds a runaway loop; no wall clock. */
export const DEFAULT_TERMINAL_LIMITS: ResourceLimits = {
  ...DEFAULT_EXEC_LIMITS,
  cpuSeconds: 120,
  wallClockMs: 0,
  outputBytes: 0,
};

/** Arguments for util-linux `prlimit` that apply the limits to the command after `--`. */
export function prlimitArgs(limits: ResourceLimits): string[] {
  const cpu = Math.max(1, Math.ceil(limits.cpuSeconds));
  return [
    // Soft limit sends SIGXCPU (catchable, so it says why); the hard one kills.
    `--cpu=${cpu}:${cpu + 1}`,
    `--data=${limits.memoryBytes}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileBytes}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
  ];
}

/** Node's own heap limit under the data limit, so a hog fails with Node's clear message. */
export function nodeHeapMegabytes(limits: ResourceLimits): number {
  return Math.max(64, Math.floor((limits.memoryBytes / MiB) * 0.6));
}

/** A sentence for the user when the sandbox as a whole ran out of memory. */
export function sandboxMemoryMessage(limits: ResourceLimits): string {
  return `Ran out of memory: everything running in the sandbox together may use ${Math.round(limits.sandboxMemoryBytes / MiB)} MiB.`;
}

/** A sentence for the user when the workspace grew beyond its disk quota. */
export function diskMessage(limits: ResourceLimits): string {
  return `Stopped: the workspace used more than ${Math.round(limits.workspaceBytes / MiB)} MiB of disk (disk limit). Delete large files, then run again.`;
}

/** A sentence for the user when a limit stopped a process. */
export function limitMessage(kind: LimitKind, limits: ResourceLimits): string {
  switch (kind) {
    case 'wall_clock':
      return `Stopped after ${Math.round(limits.wallClockMs / 1000)} s (time limit). Look for an infinite loop or a wait that never ends.`;
    case 'cpu_time':
      return `Stopped after ${limits.cpuSeconds} s of CPU time (CPU limit). Look for an infinite loop.`;
    case 'memory':
      return `Ran out of memory (limit ${Math.round(limits.memoryBytes / MiB)} MiB).`;
    case 'output':
      return `Stopped after ${Math.round(limits.outputBytes / 1024)} KiB of output (output limit).`;
    case 'disk':
      return diskMessage(limits);
    case 'aborted':
      return 'Stopped on request.';
  }
}
