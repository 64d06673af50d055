import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { App, ContainerProcess, Image, ModalClient, Sandbox } from 'modal';
import type { Logger } from '../../protocol/logger.ts';
import { DEFAULT_EXEC_LIMITS, limitMessage } from './limits.ts';
import { IGNORED_FOLDERS } from './local-files.ts';
import {
  MODAL_IMAGE,
  MODAL_WORKSPACE,
  modalError,
  modalExecCommand,
  modalLimitOf,
  modalListCommand,
  modalPath,
  modalSandboxParams,
  modalVolumeName,
  parseModalListing,
} from './modal-mapping.ts';
import type {
  ExecOptions,
  ExecResult,
  PtyOptions,
  PtyProcess,
  ResourceLimits,
  SandboxDriver,
  SandboxHandle,
  WorkspaceEntry,
  WriteOptions,
} from './types.ts';

export interface ModalDriverOptions {
  tokenId: string;
  tokenSecret: string;
  appName: string;
  logger: Logger;
  limits?: Partial<ResourceLimits>;
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
        return { client, app, image: client.images.fromRegistry(MODAL_IMAGE) };
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

class ModalSandbox implements SandboxHandle {
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

  async readFile(path: string): Promise<Uint8Array | null> {
    try {
      const info = await this.sandbox.filesystem.stat(modalPath(path));
      if (info.type !== 'file') return null;
      return await this.sandbox.filesystem.readBytes(modalPath(path));
    } catch (error) {
      if ((error as Error).name?.includes('NotFound')) return null;
      throw modalError(error, `reading ${path}`);
    }
  }

  // Modal offers no compare-and-write: the check and the write are two calls.
  async writeFile(path: string, content: Uint8Array | string, options?: WriteOptions) {
    if (options?.expected !== undefined) {
      const now = await this.stat(path);
      const same =
        options.expected === null
          ? now === null || now.size === 0
          : now?.size === options.expected.size && now.mtimeMs === options.expected.mtimeMs;
      if (!same) return null;
    }
    try {
      if (typeof content === 'string')
        await this.sandbox.filesystem.writeText(content, modalPath(path));
      else await this.sandbox.filesystem.writeBytes(content, modalPath(path));
      const written = await this.stat(path);
      return written ? { size: written.size, mtimeMs: written.mtimeMs } : null;
    } catch (error) {
      throw modalError(error, `writing ${path}`);
    }
  }

  async deleteFile(path: string): Promise<void> {
    await this.sandbox.filesystem.remove(modalPath(path)).catch(() => {});
  }

  async makeFolder(path: string): Promise<void> {
    await this.sandbox.filesystem.makeDirectory(modalPath(path), { createParents: true });
  }

  async removeEmptyFolder(path: string): Promise<boolean> {
    return this.sandbox.filesystem
      .remove(modalPath(path), { recursive: false })
      .then(() => true)
      .catch(() => false);
  }

  async stat(path: string): Promise<WorkspaceEntry | null> {
    try {
      const info = await this.sandbox.filesystem.stat(modalPath(path));
      if (info.type !== 'file') return null;
      return { path, kind: 'file', size: info.size, mtimeMs: info.modifiedTime * 1000 };
    } catch {
      return null;
    }
  }

  async list(): Promise<WorkspaceEntry[]> {
    const result = await this.exec(modalListCommand(), { limits: { wallClockMs: 30_000 } });
    return parseModalListing(result.stdout);
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
