import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { App, ContainerProcess, Image, ModalClient, Sandbox } from 'modal';
import { LIMITS } from '../../protocol/limits.ts';
import type { Logger } from '../../protocol/logger.ts';
import { normalizeWorkspacePath } from '../../protocol/paths.ts';
import type { Language } from '../../protocol/problems.ts';
import { DEFAULT_EXEC_LIMITS, limitMessage } from './limits.ts';
import { IGNORED_FOLDERS, MAX_LISTED_ENTRIES, MAX_READ_BYTES } from './local-files.ts';
import { type ModalFileOp, modalFilesCommand, parseModalFilesResult } from './modal-files.ts';
import { modalImageCommands } from './modal-images.ts';
import {
  MODAL_IMAGE,
  MODAL_WORKSPACE,
  modalError,
  modalExecCommand,
  modalLimitOf,
  modalPath,
  modalSandboxParams,
  modalVolumeName,
} from './modal-mapping.ts';
import type {
  ExecOptions,
  ExecResult,
  PtyOptions,
  PtyProcess,
  ReadOptions,
  ResourceLimits,
  SandboxDriver,
  SandboxHandle,
  WorkspaceEntry,
  WriteOptions,
  WrittenFile,
} from './types.ts';

export interface ModalDriverOptions {
  tokenId: string;
  tokenSecret: string;
  appName: string;
  logger: Logger;
  limits?: Partial<ResourceLimits>;
  /** Languages the image carries toolchains for; all of them by default. */
  languages?: readonly Language[];
  /** Client settings (tests point these at nothing to check error handling). */
  client?: { timeoutMs?: number; maxRetries?: number };
}

/**
 * Modal sandboxes (production): one Modal Sandbox per session, its workspace
 * on a Volume of its own, network blocked, memory capped by Modal and
 * per-process rlimits inside. The `modal` package (0.11.x) speaks gRPC to
 * Modal and is loaded only when this driver is chosen. See
 * docs/decisions/006-sandbox.md for what could and could not be exercised.
 */
export class ModalSandboxDriver implements SandboxDriver {
  readonly kind = 'modal' as const;
  readonly isolated = true;
  private readonly options: ModalDriverOptions;
  readonly limits: ResourceLimits;
  private connection: Promise<{ client: ModalClient; app: App; image: Image }> | null = null;

  constructor(options: ModalDriverOptions) {
    this.options = options;
    this.limits = { ...DEFAULT_EXEC_LIMITS, ...options.limits };
  }

  private connect() {
    this.connection ??= (async () => {
      const modal = await import('modal');
      const client = new modal.ModalClient({
        tokenId: this.options.tokenId,
        tokenSecret: this.options.tokenSecret,
        ...this.options.client,
      });
      try {
        const app = await client.apps.fromName(this.options.appName, { createIfMissing: true });
        // One layer per compiled language on the Node/Python base (decision 023).
        const image = client.images
          .fromRegistry(MODAL_IMAGE)
          .dockerfileCommands(modalImageCommands(this.options.languages));
        return { client, app, image };
      } catch (error) {
        client.close();
        throw error;
      }
    })().catch((error: unknown) => {
      this.connection = null;
      throw modalError(error, 'connecting');
    });
    return this.connection;
  }

  async create(sandboxId: string): Promise<SandboxHandle> {
    const { client, app, image } = await this.connect();
    try {
      const existing = await client.sandboxes
        .fromName(this.options.appName, sandboxId)
        .catch(() => null);
      if (existing) return new ModalSandbox(this, sandboxId, existing);
      const volume = await client.volumes.fromName(modalVolumeName(sandboxId), {
        createIfMissing: true,
      });
      const sandbox = await client.sandboxes.create(app, image, {
        ...modalSandboxParams(sandboxId, this.limits),
        volumes: { [MODAL_WORKSPACE]: volume },
      });
      return new ModalSandbox(this, sandboxId, sandbox);
    } catch (error) {
      throw modalError(error, `creating sandbox ${sandboxId}`);
    }
  }

  async destroy(sandboxId: string): Promise<void> {
    const { client } = await this.connect();
    try {
      const sandbox = await client.sandboxes
        .fromName(this.options.appName, sandboxId)
        .catch(() => null);
      await sandbox?.terminate();
      await client.volumes.delete(modalVolumeName(sandboxId)).catch(() => {});
    } catch (error) {
      throw modalError(error, `destroying sandbox ${sandboxId}`);
    }
  }

  async close(): Promise<void> {
    const connection = await this.connection?.catch(() => null);
    connection?.client.close();
    this.connection = null;
  }
}

export class ModalSandbox implements SandboxHandle {
  readonly id: string;
  readonly limits: ResourceLimits;
  private readonly driver: ModalSandboxDriver;
  private readonly sandbox: Sandbox;

  constructor(driver: ModalSandboxDriver, id: string, sandbox: Sandbox) {
    this.driver = driver;
    this.id = id;
    this.limits = driver.limits;
    this.sandbox = sandbox;
  }

  /**
   * Runs one file operation through the no-follow helper inside the container
   * (modal-files.ts), as the same user as the candidate's commands: never
   * through Modal's path-based `filesystem.*`.
   */
  private async files(
    op: ModalFileOp,
    args: Record<string, unknown>,
    doing: string,
    stdin?: Uint8Array,
  ): Promise<Record<string, unknown>> {
    let process: ContainerProcess<Uint8Array>;
    try {
      process = await this.sandbox.exec(modalFilesCommand(op, { root: MODAL_WORKSPACE, ...args }), {
        mode: 'binary',
        workdir: '/',
      });
    } catch (error) {
      throw modalError(error, doing);
    }
    const writer = process.stdin.getWriter();
    if (stdin) await writer.write(stdin).catch(() => {});
    await writer.close().catch(() => {});
    const collect = async (stream: ReadableStream<Uint8Array>) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
      return Buffer.concat(chunks).toString('utf8');
    };
    try {
      const [stdout, stderr, exitCode] = await Promise.all([
        collect(process.stdout),
        collect(process.stderr),
        process.wait(),
      ]);
      return parseModalFilesResult({ stdout, stderr, exitCode }, doing);
    } catch (error) {
      throw modalError(error, doing);
    }
  }

  async readFile(path: string, options?: ReadOptions): Promise<Uint8Array | null> {
    const normal = normalizeWorkspacePath(path);
    const maxBytes = options?.maxBytes ?? MAX_READ_BYTES;
    const result = await this.files('read', { path: normal, maxBytes }, `reading ${normal}`);
    return typeof result.data === 'string'
      ? new Uint8Array(Buffer.from(result.data, 'base64'))
      : null;
  }

  // The check against `expected`, the replacement and the read of the replaced
  // file run in one helper process, as in local-files.ts.
  async writeFile(
    path: string,
    content: Uint8Array | string,
    options?: WriteOptions,
  ): Promise<WrittenFile | null> {
    const normal = normalizeWorkspacePath(path);
    const bytes = typeof content === 'string' ? new Uint8Array(Buffer.from(content)) : content;
    const result = await this.files(
      'write',
      { path: normal, ...(options?.expected !== undefined ? { expected: options.expected } : {}) },
      `writing ${normal}`,
      bytes,
    );
    const written = result.written as
      | (Pick<WorkspaceEntry, 'size' | 'mtimeMs'> & { concurrent?: string })
      | null;
    if (!written) return null;
    const { concurrent, ...stat } = written;
    return concurrent === undefined
      ? stat
      : { ...stat, concurrent: new Uint8Array(Buffer.from(concurrent, 'base64')) };
  }

  async deleteFile(path: string): Promise<void> {
    const normal = normalizeWorkspacePath(path);
    await this.files('delete', { path: normal }, `deleting ${normal}`);
  }

  async makeFolder(path: string): Promise<void> {
    const normal = normalizeWorkspacePath(path);
    await this.files('mkdir', { path: normal }, `making folder ${normal}`);
  }

  async removeEmptyFolder(path: string): Promise<boolean> {
    const normal = normalizeWorkspacePath(path);
    const result = await this.files('rmdir', { path: normal }, `removing folder ${normal}`);
    return result.removed === true;
  }

  async stat(path: string): Promise<WorkspaceEntry | null> {
    const normal = normalizeWorkspacePath(path);
    const result = await this.files('stat', { path: normal }, `reading ${normal}`);
    return (result.entry as WorkspaceEntry | null) ?? null;
  }

  async list(): Promise<WorkspaceEntry[]> {
    const result = await this.files(
      'list',
      {
        ignored: [...IGNORED_FOLDERS],
        maxEntries: MAX_LISTED_ENTRIES,
        maxDepth: LIMITS.maxPathDepth,
      },
      'listing the workspace',
    );
    return result.entries as WorkspaceEntry[];
  }

  async exec(command: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const limits = { ...this.limits, ...options.limits };
    const started = performance.now();
    let process: ContainerProcess<string>;
    try {
      process = await this.sandbox.exec(modalExecCommand(command, limits), {
        mode: 'text',
        workdir: options.cwd ? modalPath(options.cwd) : MODAL_WORKSPACE,
        ...(options.env ? { env: options.env } : {}),
      });
    } catch (error) {
      throw modalError(error, 'starting a command');
    }
    if (options.stdin !== undefined) {
      const writer = process.stdin.getWriter();
      await writer.write(options.stdin).catch(() => {});
      await writer.close().catch(() => {});
    }
    let bytes = 0;
    let truncated = false;
    const pump = async (stream: ReadableStream<string>, onChunk?: (chunk: string) => void) => {
      let text = '';
      for await (const chunk of stream as unknown as AsyncIterable<string>) {
        if (truncated) continue;
        const room = limits.outputBytes > 0 ? limits.outputBytes - bytes : chunk.length;
        const part = chunk.slice(0, Math.max(0, room));
        if (part.length < chunk.length) truncated = true;
        bytes += part.length;
        text += part;
        onChunk?.(part);
      }
      return text;
    };
    const [stdout, stderr, exitCode] = await Promise.all([
      pump(process.stdout, options.onStdout),
      pump(process.stderr, options.onStderr),
      process.wait(),
    ]);
    const limit = modalLimitOf({ exitCode, stderr, truncated }, limits);
    return {
      exitCode,
      signal: null,
      stdout,
      stderr,
      durationMs: performance.now() - started,
      limit,
      limitMessage: limit ? limitMessage(limit, limits) : null,
      truncated,
    };
  }

  async openPty(options: PtyOptions): Promise<PtyProcess> {
    const process = await this.sandbox.exec(['bash', '-i'], {
      pty: true,
      workdir: MODAL_WORKSPACE,
      env: {
        TERM: 'xterm-256color',
        COLUMNS: String(options.cols),
        LINES: String(options.rows),
        ...options.env,
      },
    });
    const writer = process.stdin.getWriter();
    const dataListeners: Array<(data: string) => void> = [];
    const exitListeners: Array<(code: number | null) => void> = [];
    void (async () => {
      for await (const chunk of process.stdout as unknown as AsyncIterable<string>) {
        for (const listener of dataListeners) listener(chunk);
      }
    })().catch(() => {});
    const exited = (code: number | null) => {
      for (const listener of exitListeners) listener(code);
    };
    void process.wait().then(exited, () => exited(null));
    return {
      write: (data) => void writer.write(data).catch(() => {}),
      // modal 0.11 has no PTY resize: the shell keeps the size it started with.
      resize: () => false,
      onData: (listener) => dataListeners.push(listener),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => void writer.close().catch(() => {}),
    };
  }

  async snapshot(): Promise<Readable> {
    const process = await this.sandbox.exec(
      ['tar', '-czf', '-', ...ignoredExcludes(), '-C', MODAL_WORKSPACE, '.'],
      { mode: 'binary' },
    );
    return Readable.fromWeb(process.stdout as unknown as WebReadableStream<Uint8Array>);
  }

  async cloneTo(targetId: string): Promise<SandboxHandle> {
    await this.driver.destroy(targetId);
    const target = (await this.driver.create(targetId)) as ModalSandbox;
    const archive = await this.snapshot();
    const extract = await target.sandbox.exec(['tar', '-xzf', '-', '-C', MODAL_WORKSPACE], {
      mode: 'binary',
    });
    const writer = extract.stdin.getWriter();
    for await (const chunk of archive) await writer.write(new Uint8Array(chunk as Buffer));
    await writer.close();
    const code = await extract.wait();
    if (code !== 0) throw modalError(new Error(`tar exited ${code}`), 'copying the workspace');
    return target;
  }
}

function ignoredExcludes(): string[] {
  return [...IGNORED_FOLDERS].map((name) => `--exclude=${name}`);
}
