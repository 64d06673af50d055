import { normalizeWorkspacePath } from '../../protocol/paths.ts';
import { BridgeError } from '../errors.ts';
import { nodeHeapMegabytes, prlimitArgs } from './limits.ts';
import type { LimitKind, ResourceLimits } from './types.ts';

/** Where a Modal sandbox mounts the session's Volume. */
export const MODAL_WORKSPACE = '/workspace';
/** Debian with Node 24 and Python 3.11: both test harnesses run on it. */
export const MODAL_IMAGE = 'node:24-bookworm';

const MiB = 1024 * 1024;

/** The Volume that holds a sandbox's workspace. */
export function modalVolumeName(sandboxId: string): string {
  return `tandem-${sandboxId}`.slice(0, 64);
}

/** Absolute path inside the Modal sandbox of a workspace path. */
export function modalPath(path: string): string {
  return `${MODAL_WORKSPACE}/${normalizeWorkspacePath(path)}`;
}

/**
 * Sandbox creation parameters: no network, the Volume at /workspace, memory
 * capped for the whole container (Modal's cgroup, stronger than rlimits).
 */
export function modalSandboxParams(
  sandboxId: string,
  limits: ResourceLimits,
): {
  name: string;
  workdir: string;
  blockNetwork: true;
  cpu: number;
  memoryMiB: number;
  memoryLimitMiB: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  env: Record<string, string>;
} {
  const memory = Math.ceil((limits.memoryBytes * 2) / MiB);
  return {
    name: sandboxId,
    workdir: MODAL_WORKSPACE,
    blockNetwork: true,
    cpu: 1,
    memoryMiB: Math.min(memory, 1024),
    memoryLimitMiB: memory,
    // An interview lasts hours at most; an idle sandbox stops (the Volume stays).
    timeoutMs: 6 * 60 * 60 * 1000,
    idleTimeoutMs: 30 * 60 * 1000,
    env: {
      HOME: '/tmp',
      LANG: 'C.UTF-8',
      NODE_OPTIONS: `--max-old-space-size=${nodeHeapMegabytes(limits)}`,
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
    },
  };
}

/** The command with the same per-process limits as the local driver, and a hard wall clock. */
export function modalExecCommand(command: string[], limits: ResourceLimits): string[] {
  const limited = ['prlimit', ...prlimitArgs(limits), '--', ...command];
  if (limits.wallClockMs <= 0) return limited;
  return ['timeout', '-s', 'KILL', `${Math.ceil(limits.wallClockMs / 1000)}s`, ...limited];
}

/** Which limit stopped a command run through `modalExecCommand`, from what it left behind. */
export function modalLimitOf(
  result: { exitCode: number; stderr: string; truncated: boolean },
  limits: ResourceLimits,
): LimitKind | null {
  if (result.truncated) return 'output';
  // `timeout -s KILL` reports a killed command as 137 (128 + SIGKILL).
  if (result.exitCode === 137 && limits.wallClockMs > 0) return 'wall_clock';
  if (result.exitCode === 128 + 24) return 'cpu_time';
  if (
    result.exitCode !== 0 &&
    /MemoryError|heap out of memory|allocation failed/.test(result.stderr)
  ) {
    return 'memory';
  }
  return null;
}

/** gRPC status codes the Modal client reports. */
const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;
const UNAUTHENTICATED = 16;
const PERMISSION_DENIED = 7;

/** Turns a Modal client failure into a bridge error that says what to check. */
export function modalError(error: unknown, doing: string): BridgeError {
  if (error instanceof BridgeError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === UNAUTHENTICATED || code === PERMISSION_DENIED) {
    return new BridgeError(
      'MODAL_NOT_CONFIGURED',
      `Modal refused the credentials while ${doing}; check MODAL_TOKEN_ID and MODAL_TOKEN_SECRET.`,
      { cause: error },
    );
  }
  if (code === UNAVAILABLE || code === DEADLINE_EXCEEDED) {
    return new BridgeError(
      'MODAL_UNREACHABLE',
      `Modal could not be reached while ${doing} (${message.slice(0, 200)}); check the network, or set SANDBOX_DRIVER=local.`,
      { cause: error },
    );
  }
  return new BridgeError(
    'SANDBOX_FAILED',
    `Modal failed while ${doing}: ${message.slice(0, 300)}`,
    {
      cause: error,
    },
  );
}
