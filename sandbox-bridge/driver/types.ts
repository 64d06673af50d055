import type { Readable } from 'node:stream';

/**
 * What runs candidates' code. A sandbox is a workspace folder (paths are
 * workspace-relative and checked with protocol/paths.ts) plus a way to run
 * processes inside it with no network and bounded resources.
 */
export interface SandboxDriver {
  readonly kind: 'local' | 'modal';
  /** Whether processes run isolated (bubblewrap or Modal); false means limits only. */
  readonly isolated: boolean;
  /** Creates the sandbox, or finds it when it already exists (idempotent). */
  create(sandboxId: string): Promise<SandboxHandle>;
  /** Deletes the sandbox and everything in it; unknown ids are fine. */
  destroy(sandboxId: string): Promise<void>;
  /** Releases what the driver holds (clients, timers); sandboxes stay. */
  close(): Promise<void>;
}

/** One sandbox: its files, processes and snapshots. */
export interface SandboxHandle {
  readonly id: string;
  /** The limits each `exec` runs with unless it overrides them. */
  readonly limits: ResourceLimits;
  /**
   * The bytes of a regular file, or null (missing, a folder, a symlink, a
   * special file). TOO_LARGE beyond `maxBytes` (default 8 MiB).
   */
  readFile(path: string, options?: ReadOptions): Promise<Uint8Array | null>;
  /**
   * Writes a file, creating parent folders. With `expected`, writes only when
   * the file still has that size and mtime (null: does not exist), so a
   * concurrent shell write is merged, not overwritten. The content replaces
   * the file by rename (a new inode; decision 006). Returns the new file's
   * size and mtime (taken before the rename, so a shell write that follows
   * changes them) and what a shell wrote to the replaced file meanwhile, or
   * null when it did not write.
   */
  writeFile(
    path: string,
    content: Uint8Array | string,
    options?: WriteOptions,
  ): Promise<WrittenFile | null>;
  deleteFile(path: string): Promise<void>;
  makeFolder(path: string): Promise<void>;
  /** Removes a folder when it is empty; says whether it did. */
  removeEmptyFolder(path: string): Promise<boolean>;
  /** Size and modification time of a regular file, or null. */
  stat(path: string): Promise<WorkspaceEntry | null>;
  /** Files and folders outside ignored folders, bounded in count. */
  list(): Promise<WorkspaceEntry[]>;
  /** Runs a command to completion (or a limit), streaming its output. */
  exec(command: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Starts an interactive shell on a pseudo-terminal. */
  openPty(options: PtyOptions): Promise<PtyProcess>;
  /** A gzip-compressed tar of the workspace (ignored folders left out). */
  snapshot(): Promise<Readable>;
  /** Copies the workspace into a new sandbox (final grading runs there). */
  cloneTo(targetId: string): Promise<SandboxHandle>;
}

export interface ReadOptions {
  maxBytes?: number;
}

/** What a write reports: the new file's stat, and what a racing shell wrote to the old one. */
export interface WrittenFile extends Pick<WorkspaceEntry, 'size' | 'mtimeMs'> {
  /**
   * The replaced file's whole content when the shell changed it between the
   * check and the replacement: it is no longer on disk, so the caller merges it.
   */
  concurrent?: Uint8Array;
}

export interface WriteOptions {
  expected?: Pick<WorkspaceEntry, 'size' | 'mtimeMs'> | null;
}

export interface WorkspaceEntry {
  path: string;
  /** What the entry itself is: symlinks and special files (FIFOs, sockets, devices) are never followed. */
  kind: 'file' | 'folder' | 'symlink' | 'special';
  size: number;
  /** Milliseconds since the epoch. */
  mtimeMs: number;
}

export interface ExecOptions {
  /** Working folder, workspace-relative. */
  cwd?: string;
  env?: Record<string, string>;
  /** Overrides of the default limits for this run. */
  limits?: Partial<ResourceLimits>;
  /** Called with output as it arrives (bounded by limits.outputBytes). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  signal?: AbortSignal;
  /** Written to the process's standard input, which is then closed (grading sends cases this way). */
  stdin?: string;
}

/** Why a process stopped before finishing on its own. */
export type LimitKind = 'wall_clock' | 'cpu_time' | 'memory' | 'output' | 'disk' | 'aborted';

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Set when a limit stopped the process. */
  limit: LimitKind | null;
  /** A sentence for the user when a limit was hit. */
  limitMessage: string | null;
  /** Output beyond limits.outputBytes was dropped. */
  truncated: boolean;
}

export interface ResourceLimits {
  /** CPU seconds per process. */
  cpuSeconds: number;
  /** Writable data per process (RLIMIT_DATA), bytes. */
  memoryBytes: number;
  /** Processes and threads of the sandbox user. */
  processes: number;
  /** Largest file a process may write, bytes. */
  fileBytes: number;
  /** Output kept and streamed per run, bytes; the process is stopped beyond it. */
  outputBytes: number;
  /** Wall-clock time per run, milliseconds (exec only; the terminal has none). */
  wallClockMs: number;
  /** Open files per process. */
  openFiles: number;
  /**
   * Memory of everything the sandbox runs at once (terminal, tests and their
   * children), bytes: a cgroup where the machine has one for the bridge, else
   * only the per-process limit holds (docs/decisions/013).
   */
  sandboxMemoryBytes: number;
  /** Size of the sandbox's private /tmp (a tmpfs, also its HOME), bytes. */
  tmpBytes: number;
  /**
   * Disk the workspace folder may use, all files together (SANDBOX_DISK_MB):
   * the local driver's watchdog kills the sandbox's processes beyond it.
   */
  workspaceBytes: number;
}

export interface PtyOptions {
  cols: number;
  rows: number;
  env?: Record<string, string>;
}

/** An interactive process on a pseudo-terminal. */
export interface PtyProcess {
  write(data: string): void;
  /** Resizes when the driver can (Modal cannot: it says so with false). */
  resize(cols: number, rows: number): boolean;
  onData(listener: (data: string) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}
