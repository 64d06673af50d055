import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { limitMessage } from './limits.ts';
import type { SandboxCommand } from './sandbox-command.ts';
import type { ExecOptions, ExecResult, LimitKind, ResourceLimits } from './types.ts';

const SIGXCPU = 24;
const SIGKILL = 9;
const MEMORY_PATTERNS =
  /JavaScript heap out of memory|Array buffer allocation failed|MemoryError|Cannot allocate memory|std::bad_alloc/;

/**
 * Runs a sandbox command to completion: streams and caps its output, stops it
 * at the wall-clock limit, and says which limit stopped it. The process runs
 * in its own process group (and, with bubblewrap, its own PID namespace), so
 * killing it kills everything it started.
 */
export function runSandboxProcess(
  command: SandboxCommand,
  limits: ResourceLimits,
  options: Pick<ExecOptions, 'onStdout' | 'onStderr' | 'signal' | 'stdin'> & {
    /** Receives a function that stops the process for a limit the caller watches (disk). */
    onStarted?: (kill: (why: LimitKind) => void) => void;
  },
): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command.file, command.args, {
      cwd: command.cwd,
      // The type wants NODE_ENV (declared for Remix); the sandbox gets only what we give it.
      env: command.env as NodeJS.ProcessEnv,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    if (child.stdin) {
      // A process that exits without reading all of it is not an error of the bridge.
      child.stdin.on('error', () => {});
      child.stdin.end(options.stdin);
    }
    let stdout = '';
    let stderr = '';
    let bytes = 0;
    let truncated = false;
    let limit: LimitKind | null = null;
    let spawnError: Error | null = null;

    const kill = (why: LimitKind) => {
      limit ??= why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer =
      limits.wallClockMs > 0 ? setTimeout(() => kill('wall_clock'), limits.wallClockMs) : null;
    options.onStarted?.(kill);
    const onAbort = () => kill('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const collect = (stream: 'stdout' | 'stderr') => {
      const decoder = new StringDecoder('utf8');
      return (chunk: Buffer) => {
        if (truncated) return;
        let part = chunk;
        if (limits.outputBytes > 0 && bytes + chunk.length > limits.outputBytes) {
          part = chunk.subarray(0, Math.max(0, limits.outputBytes - bytes));
          truncated = true;
        }
        bytes += part.length;
        const text = decoder.write(part);
        if (stream === 'stdout') {
          stdout += text;
          options.onStdout?.(text);
        } else {
          stderr += text;
          options.onStderr?.(text);
        }
        if (truncated) kill('output');
      };
    };
    child.stdout!.on('data', collect('stdout'));
    child.stderr!.on('data', collect('stderr'));
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // bubblewrap reports a child killed by signal N as exit code 128 + N.
      const signalNumber = signal
        ? signalNumberOf(signal)
        : code !== null && code > 128
          ? code - 128
          : 0;
      if (
        !limit &&
        (signalNumber === SIGXCPU || (signalNumber === SIGKILL && /CPU/.test(stderr)))
      ) {
        limit = 'cpu_time';
      }
      if (!limit && code !== 0 && MEMORY_PATTERNS.test(stderr)) limit = 'memory';
      if (spawnError) stderr += `\n${spawnError.message}`;
      resolve({
        exitCode: code,
        signal,
        stdout,
        stderr,
        durationMs: performance.now() - started,
        limit,
        limitMessage: limit ? limitMessage(limit, limits) : null,
        truncated,
      });
    });
  });
}

function signalNumberOf(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGXCPU, SIGKILL, SIGTERM: 15 };
  return numbers[signal] ?? 0;
}
