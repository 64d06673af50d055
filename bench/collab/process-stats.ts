import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
export function cpuSeconds(pid: number, path = `/proc/${pid}/stat`): number {
  const stat = readFileSync(path, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * CPU seconds of a process' main thread (the event loop) and of all its other
 * threads (V8's collector and compiler workers, libuv's pool), from /proc.
 * Threads that ended are not counted.
 */
export function threadCpuSeconds(pid: number): { main: number; helpers: number } {
  let main = 0;
  let helpers = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let used: number;
    try {
      used = cpuSeconds(Number(tid), `/proc/${pid}/task/${tid}/stat`);
    } catch {
      continue; // ended since the listing
    }
    if (Number(tid) === pid) main = used;
    else helpers += used;
  }
  return { main, helpers };
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kilobytes / 1024;
}

/** Samples a process' memory every second until stopped; keeps the peak. */
export class MemorySampler {
  peak = 0;
  last = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(pid: number) {
    const sample = () => {
      try {
        this.last = residentMegabytes(pid);
        this.peak = Math.max(this.peak, this.last);
      } catch {
        // the process is gone
      }
    };
    sample();
    this.timer = setInterval(sample, 1000);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
