import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, rmdirSync } from 'node:fs';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from '../../protocol/logger.ts';
import { normalizeWorkspacePath } from '../../protocol/paths.ts';
import { BridgeError } from '../errors.ts';
import {
  DEFAULT_SHARED_BUILD_CACHE,
  ensureSharedBuildCache,
  sharedBuildCacheFolder,
} from '../runner/shared-build-cache.ts';
import { emptyFolderAt, isCode, openRootFolder, usedBytesAt } from './folder-fd.ts';
import { detectHostRuntime, type HostRuntime } from './host-runtime.ts';
import {
  DEFAULT_EXEC_LIMITS,
  DEFAULT_TERMINAL_LIMITS,
  diskMessage,
  sandboxMemoryMessage,
} from './limits.ts';
import { IGNORED_FOLDERS, WorkspaceFiles } from './local-files.ts';
import { runSandboxProcess } from './local-process.ts';
import { spawnSandboxPty } from './local-pty.ts';
import { sandboxProcesses } from './open-holders.ts';
import { detectSandboxCgroups, type SandboxCgroups } from './sandbox-cgroup.ts';
import {
  buildSandboxCommand,
  passwdFiles,
  SANDBOX_WORKSPACE,
  visibleUid,
} from './sandbox-command.ts';
import type {
  ExecOptions,
  ExecResult,
  LimitKind,
  PtyOptions,
  PtyProcess,
  ReadOptions,
  ResourceLimits,
  SandboxDriver,
  SandboxHandle,
  WriteOptions,
} from './types.ts';

const SANDBOX_ID = /^[A-Za-z0-9_-]{1,100}$/;
// Sandbox users live far above regular accounts; one per sandbox id (by hash),
// so RLIMIT_NPROC counts only that sandbox's processes.
const UID_BASE = 200_000;
const UID_RANGE = 50_000;

export interface LocalDriverOptions {
  /** Folder holding one folder per sandbox. */
  root: string;
  logger: Logger;
  limits?: Partial<ResourceLimits>;
  terminalLimits?: Partial<ResourceLimits>;
  /** Detected once by default; tests may pass their own. */
  runtime?: HostRuntime;
  /**
   * Starts without bubblewrap (TANDEM_UNSAFE_UNISOLATED_SANDBOX=1): candidates'
   * code then runs on this machine with limits only. Off by default: no
   * isolation means no start.
   */
  allowUnisolated?: boolean;
  /** Per-sandbox cgroups; detected when the bridge is root, null to do without. */
  cgroups?: SandboxCgroups | null;
  /** How often the disk watchdog sums a workspace while its processes run, ms. */
  diskCheckMs?: number;
  /**
   * Host folder of the machine's shared build caches for compiled visible
   * tests (decision 023), built in the background at start and mounted
   * read-only into every sandbox; the repository's `.cache/sandbox-build` by
   * default, null for none.
   */
  sharedBuildCache?: string | null;
}

/** Path of a sandbox's workspace on the host, for tests and tools. */
export function localWorkspacePath(root: string, sandboxId: string): string {
  return join(resolve(root), sandboxId, 'workspace');
}

/**
 * The default driver: a folder per sandbox under SANDBOX_DIR, processes run
 * under bubblewrap when it works here and with rlimits in every case.
 */
export class LocalSandboxDriver implements SandboxDriver {
  readonly kind = 'local' as const;
  readonly isolated: boolean;
  readonly runtime: HostRuntime;
  readonly root: string;
  readonly execLimits: ResourceLimits;
  readonly terminalLimits: ResourceLimits;
  /** Aggregate memory and process caps per sandbox, when this machine offers them. */
  readonly cgroups: SandboxCgroups | null;
  readonly logger: Logger;
  readonly diskCheckMs: number;
  /** The shared build caches' folder for this harness and these toolchains, or null. */
  readonly sharedBuildCacheFolder: string | null;
  /** Resolves when the shared build caches are built (true) or cannot be now (false). */
  sharedBuildCacheReady: Promise<boolean> = Promise.resolve(false);
  private sharedBuildCacheBuilt = false;

  private constructor(options: LocalDriverOptions, runtime: HostRuntime) {
    this.runtime = runtime;
    this.logger = options.logger;
    this.diskCheckMs = options.diskCheckMs ?? 2000;
    this.cgroups =
      options.cgroups !== undefined
        ? options.cgroups
        : runtime.root
          ? detectSandboxCgroups()
          : null;
    this.isolated = runtime.bwrap !== null;
    this.root = resolve(options.root);
    this.execLimits = { ...DEFAULT_EXEC_LIMITS, ...options.limits };
    this.terminalLimits = { ...DEFAULT_TERMINAL_LIMITS, ...options.terminalLimits };
    const base =
      options.sharedBuildCache === undefined
        ? DEFAULT_SHARED_BUILD_CACHE
        : options.sharedBuildCache;
    this.sharedBuildCacheFolder = base ? sharedBuildCacheFolder(base) : null;
  }

  /** Starts building the shared build caches when this machine has none for this harness yet. */
  private prepareSharedBuildCache(base: string) {
    this.sharedBuildCacheReady = ensureSharedBuildCache(base, this.logger).then(
      (built) => (this.sharedBuildCacheBuilt = built),
      (error: unknown) => {
        this.logger.warn(
          { error: String(error) },
          'shared build caches could not be built: first runs build their own',
        );
        return false;
      },
    );
  }

  /** The shared build caches' host folder once built (here or by another process), else null. */
  sharedBuildCache(): string | null {
    const folder = this.sharedBuildCacheFolder;
    if (!folder) return null;
    if (!this.sharedBuildCacheBuilt) this.sharedBuildCacheBuilt = existsSync(folder);
    return this.sharedBuildCacheBuilt ? folder : null;
  }

  /**
   * Detects the machine's tools. Fails closed: without a working bubblewrap it
   * refuses to start (SANDBOX_UNISOLATED) unless the operator set the unsafe
   * switch, and then it says so loudly.
   */
  static async start(options: LocalDriverOptions): Promise<LocalSandboxDriver> {
    const runtime = options.runtime ?? (await detectHostRuntime());
    if (!runtime.bwrap) {
      if (!options.allowUnisolated) {
        throw new BridgeError(
          'SANDBOX_UNISOLATED',
          `The local sandbox cannot isolate candidates' code: ${runtime.bwrapProblem ?? 'bubblewrap is unavailable'}. Install bubblewrap (Debian package "bubblewrap"), or use SANDBOX_DRIVER=modal. On a machine of your own only, TANDEM_UNSAFE_UNISOLATED_SANDBOX=1 runs it unisolated.`,
        );
      }
      options.logger.warn(
        { reason: runtime.bwrapProblem, TANDEM_UNSAFE_UNISOLATED_SANDBOX: true },
        'UNSAFE: sandbox processes are NOT isolated (TANDEM_UNSAFE_UNISOLATED_SANDBOX=1): candidates can read this machine and reach the network; only resource limits apply',
      );
    }
    const driver = new LocalSandboxDriver(options, runtime);
    if (!driver.cgroups) {
      options.logger.info(
        'no writable cgroups here: sandbox memory is limited per process only (docs/decisions/013)',
      );
    }
    if (runtime.root && !runtime.setpriv) {
      options.logger.warn('setpriv is missing: sandbox processes run as root');
    }
    await mkdir(resolve(options.root), { recursive: true });
    const base =
      options.sharedBuildCache === undefined
        ? DEFAULT_SHARED_BUILD_CACHE
        : options.sharedBuildCache;
    if (base) driver.prepareSharedBuildCache(base);
    return driver;
  }

  /** The host user a sandbox's processes run as (when the bridge is root). */
  userIdOf(sandboxId: string): number {
    const hash = createHash('sha256').update(sandboxId).digest().readUInt32BE(0);
    return UID_BASE + (hash % UID_RANGE);
  }

  /** The sandbox's cgroup name: unique per driver folder, so two drivers never share one. */
  cgroupOf(sandboxId: string): string {
    const folder = createHash('sha256').update(this.root).digest('hex').slice(0, 8);
    return `${sandboxId}-${folder}`;
  }

  private folderOf(sandboxId: string): string {
    if (!SANDBOX_ID.test(sandboxId)) {
      throw new BridgeError('BAD_PATH', `Sandbox id ${JSON.stringify(sandboxId)} is not valid.`);
    }
    return join(this.root, sandboxId);
  }

  async create(sandboxId: string): Promise<SandboxHandle> {
    const folder = this.folderOf(sandboxId);
    const uid = this.userIdOf(sandboxId);
    const owner = this.runtime.root ? { uid, gid: uid } : null;
    const workspace = join(folder, 'workspace');
    const privateDir = join(folder, 'private');
    await mkdir(workspace, { recursive: true, mode: 0o755 });
    await mkdir(join(privateDir, 'home'), { recursive: true });
    const shownUid = visibleUid(this.runtime, uid);
    const files = passwdFiles(shownUid, this.runtime.bwrap ? '/tmp' : join(privateDir, 'home'));
    await writeFile(join(privateDir, 'passwd'), files.passwd);
    await writeFile(join(privateDir, 'group'), files.group);
    if (owner) {
      await chown(workspace, uid, uid);
      await chown(join(privateDir, 'home'), uid, uid);
    }
    const cgroupProcs =
      this.cgroups?.create(this.cgroupOf(sandboxId), {
        memoryBytes: this.execLimits.sandboxMemoryBytes,
        processes: this.execLimits.processes,
      }) ?? [];
    return new LocalSandbox(this, sandboxId, { workspace, privateDir, uid, owner, cgroupProcs });
  }

  /** Removes the sandbox's folder without following anything the candidate left in it. */
  async destroy(sandboxId: string): Promise<void> {
    const folder = this.folderOf(sandboxId);
    // Its processes first: nothing may write while the folder is emptied.
    this.cgroups?.remove(this.cgroupOf(sandboxId));
    let fd: number;
    try {
      fd = openRootFolder(folder);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return;
      throw error;
    }
    try {
      for (let attempt = 0; ; attempt++) {
        emptyFolderAt(fd);
        try {
          rmdirSync(folder);
          return;
        } catch (error) {
          // A process still running in the sandbox wrote something meanwhile.
          if (!isCode(error, 'ENOTEMPTY') || attempt >= 5) throw error;
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  async close(): Promise<void> {}
}

interface LocalSandboxPaths {
  workspace: string;
  privateDir: string;
  uid: number;
  owner: { uid: number; gid: number } | null;
  cgroupProcs: string[];
}

class LocalSandbox implements SandboxHandle {
  readonly id: string;
  readonly limits: ResourceLimits;
  private readonly driver: LocalSandboxDriver;
  private readonly paths: LocalSandboxPaths;
  private readonly files: WorkspaceFiles;
  /** Stops of the processes running now (exec and terminal), for the disk watchdog. */
  private readonly running = new Set<(why: LimitKind) => void>();
  private diskTimer: NodeJS.Timeout | null = null;

  constructor(driver: LocalSandboxDriver, id: string, paths: LocalSandboxPaths) {
    this.driver = driver;
    this.id = id;
    this.limits = driver.execLimits;
    this.paths = paths;
    this.files = new WorkspaceFiles(
      paths.workspace,
      paths.owner,
      sandboxProcesses(paths.cgroupProcs, paths.owner?.uid ?? null),
    );
  }

  readFile(path: string, options?: ReadOptions) {
    return this.files.read(path, options?.maxBytes);
  }
  writeFile(path: string, content: Uint8Array | string, options?: WriteOptions) {
    return this.files.write(path, content, options?.expected);
  }
  deleteFile(path: string) {
    return this.files.delete(path);
  }
  makeFolder(path: string) {
    return this.files.makeFolder(path);
  }
  removeEmptyFolder(path: string) {
    return this.files.removeEmptyFolder(path);
  }
  stat(path: string) {
    return this.files.stat(path);
  }
  list() {
    return this.files.list();
  }

  async exec(command: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const limits = { ...this.limits, ...options.limits };
    const built = buildSandboxCommand({
      runtime: this.driver.runtime,
      workspace: this.paths.workspace,
      privateDir: this.paths.privateDir,
      uid: this.paths.uid,
      cgroupProcs: this.paths.cgroupProcs,
      limits,
      command,
      interactive: false,
      sharedBuildCache: this.driver.sharedBuildCache(),
      ...(options.cwd ? { cwd: normalizeWorkspacePath(options.cwd) } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    const cgroup = this.driver.cgroupOf(this.id);
    const oomBefore = this.driver.cgroups?.oomKills(cgroup) ?? 0;
    let untrack = () => {};
    const result = await runSandboxProcess(built, limits, {
      ...options,
      onStarted: (kill) => {
        untrack = this.watchDisk(kill);
      },
    }).finally(() => untrack());
    // The kernel's OOM killer leaves only a SIGKILL behind: the cgroup says why.
    if (!result.limit && (this.driver.cgroups?.oomKills(cgroup) ?? 0) > oomBefore) {
      return { ...result, limit: 'memory', limitMessage: sandboxMemoryMessage(limits) };
    }
    return result;
  }

  async openPty(options: PtyOptions): Promise<PtyProcess> {
    const runtime = this.driver.runtime;
    const built = buildSandboxCommand({
      runtime,
      workspace: this.paths.workspace,
      privateDir: this.paths.privateDir,
      uid: this.paths.uid,
      cgroupProcs: this.paths.cgroupProcs,
      limits: this.driver.terminalLimits,
      command: [runtime.shell, '-i'],
      interactive: true,
      sharedBuildCache: this.driver.sharedBuildCache(),
      env: {
        PS1: runtime.bwrap ? '\\w $ ' : '$ ',
        ...(runtime.bwrap ? { PWD: SANDBOX_WORKSPACE } : {}),
        ...options.env,
      },
    });
    const terminal = spawnSandboxPty(built, options);
    const listeners: Array<(data: string) => void> = [];
    terminal.onData((data) => {
      for (const listener of listeners) listener(data);
    });
    const untrack = this.watchDisk(() => {
      const notice = `\r\n${diskMessage(this.limits)}\r\n`;
      for (const listener of listeners) listener(notice);
      terminal.kill();
    });
    terminal.onExit(() => untrack());
    return { ...terminal, onData: (listener) => void listeners.push(listener) };
  }

  /**
   * Disk watchdog: while any of the sandbox's processes runs, sums the
   * workspace's disk use every `diskCheckMs` through the fd walk (never a
   * path) and, beyond `workspaceBytes`, stops every running process with the
   * `disk` limit. Returns the function that stops watching `kill`'s process.
   */
  private watchDisk(kill: (why: LimitKind) => void): () => void {
    this.running.add(kill);
    if (!this.diskTimer) {
      this.diskTimer = setInterval(() => this.checkDisk(), this.driver.diskCheckMs);
      this.diskTimer.unref();
    }
    // Already over (files left from before): stopped at once.
    setImmediate(() => {
      if (this.running.has(kill)) this.checkDisk();
    });
    return () => {
      this.running.delete(kill);
      if (this.running.size === 0 && this.diskTimer) {
        clearInterval(this.diskTimer);
        this.diskTimer = null;
      }
    };
  }

  /** Whether the workspace is over its quota; stops the sandbox's processes when it is. */
  private checkDisk(): boolean {
    const quota = this.limits.workspaceBytes;
    if (!(quota > 0)) return false;
    let used: number;
    try {
      const fd = openRootFolder(this.paths.workspace);
      try {
        used = usedBytesAt(fd, quota);
      } finally {
        closeSync(fd);
      }
    } catch {
      return false;
    }
    if (used <= quota) return false;
    this.driver.logger.warn(
      { sandboxId: this.id, usedBytes: used, workspaceBytes: quota, code: 'SANDBOX_DISK_FULL' },
      'sandbox workspace over its disk quota: its processes were stopped',
    );
    for (const kill of [...this.running]) kill('disk');
    return true;
  }

  /**
   * tar runs inside the sandbox as its user, so it sees only what the
   * candidate sees: a symlink swapped in mid-archive points into the sandbox,
   * never at the host.
   */
  async snapshot(): Promise<Readable> {
    const excludes = [...IGNORED_FOLDERS].map((name) => `--exclude=${name}`);
    const tar = this.spawnTar(['-czf', '-', '--ignore-failed-read', ...excludes, '.'], 'ignore');
    void tar.done.then((problem) => {
      if (problem) {
        tar.child.stdout?.destroy(
          new BridgeError('ARCHIVE_FAILED', `tar could not archive the workspace: ${problem}`),
        );
      }
    });
    return tar.child.stdout!;
  }

  /** Copies the workspace through a tar pipe from this sandbox's user to the target's. */
  async cloneTo(targetId: string): Promise<SandboxHandle> {
    await this.driver.destroy(targetId);
    const target = (await this.driver.create(targetId)) as LocalSandbox;
    const excludes = [...IGNORED_FOLDERS].map((name) => `--exclude=${name}`);
    const source = this.spawnTar(['-cf', '-', '--ignore-failed-read', ...excludes, '.'], 'ignore');
    const extract = target.spawnTar(['-xf', '-', '--no-same-owner'], 'pipe');
    source.child.stdout!.pipe(extract.child.stdin!);
    extract.child.stdin!.on('error', () => {});
    const [read, written] = await Promise.all([source.done, extract.done]);
    if (read || written) {
      throw new BridgeError(
        'SANDBOX_FAILED',
        `The workspace could not be copied for grading: ${read ?? written}`,
      );
    }
    return target;
  }

  /** tar in this sandbox (its user, its namespaces); `done` resolves to a problem or null. */
  private spawnTar(
    args: string[],
    stdin: 'ignore' | 'pipe',
  ): { child: ChildProcess; done: Promise<string | null> } {
    const built = buildSandboxCommand({
      runtime: this.driver.runtime,
      workspace: this.paths.workspace,
      privateDir: this.paths.privateDir,
      uid: this.paths.uid,
      cgroupProcs: this.paths.cgroupProcs,
      limits: { ...this.limits, wallClockMs: 0, outputBytes: 0 },
      command: ['tar', ...args],
      interactive: false,
    });
    const child = spawn(built.file, built.args, {
      cwd: built.cwd,
      env: built.env as NodeJS.ProcessEnv,
      stdio: [stdin, 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    });
    const done = new Promise<string | null>((resolve) => {
      child.on('error', (error) => resolve(error.message));
      // 1: some file changed while it was read (the candidate is still typing).
      child.on('close', (code) =>
        resolve(code === 0 || code === 1 ? null : stderr.trim() || `exit ${code}`),
      );
    });
    return { child, done };
  }
}
