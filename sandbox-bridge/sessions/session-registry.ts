import { join } from 'node:path';
import type { Database } from '../../db/client.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import type { Logger } from '../../protocol/logger.ts';
import type { SandboxDriver, SandboxHandle } from '../driver/types.ts';
import { BridgeError } from '../errors.ts';
import type { DocumentSource, OpenDocument } from '../mirror/document-source.ts';
import { FolderBaseStore } from '../mirror/mirror-bases.ts';
import { WorkspaceMirror, type WorkspaceMirrorOptions } from '../mirror/workspace-mirror.ts';
import type { EventRecorder } from '../recording/event-recorder.ts';
import { TerminalChannel } from '../terminal/terminal-channel.ts';
import { findSessionRecord, type SessionRecord, saveSandboxId } from './session-records.ts';

/** A session the bridge is serving: its sandbox, mirror and terminal. */
export interface ActiveSession {
  record: SessionRecord;
  sandbox: SandboxHandle;
  document: OpenDocument;
  mirror: WorkspaceMirror;
  terminal: TerminalChannel;
  /** The test run in progress, if any (one at a time per session). */
  testRun: Promise<unknown> | null;
}

export interface SessionRegistryOptions {
  db: Database;
  driver: SandboxDriver;
  documents: DocumentSource;
  recorder: EventRecorder;
  logger: Logger;
  /** Folder of the mirrors' last agreed states (one subfolder per session). */
  mirrorStateDir?: string;
  mirror?: Pick<WorkspaceMirrorOptions, 'writeDelayMs' | 'scanDelayMs' | 'scanIntervalMs'>;
}

/** The sandbox id of a session's live workspace. */
export function sandboxIdFor(sessionId: string): string {
  return `s-${sessionId}`;
}

/**
 * Opens sessions on demand (start, terminal, tests) and keeps one sandbox,
 * mirror and terminal per session until it is archived or the bridge stops.
 */
export class SessionRegistry {
  private readonly options: SessionRegistryOptions;
  private readonly sessions = new Map<string, Promise<ActiveSession>>();

  constructor(options: SessionRegistryOptions) {
    this.options = options;
  }

  /** How many sessions are open or opening (each holds a live sandbox). */
  get size(): number {
    return this.sessions.size;
  }

  /** The session, opening its sandbox and mirror on first use. */
  open(sessionId: string): Promise<ActiveSession> {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = this.start(sessionId);
      this.sessions.set(sessionId, session);
      session.catch(() => this.sessions.delete(sessionId));
    }
    return session;
  }

  /** The session's stored facts (without opening anything). */
  async lookup(sessionId: string): Promise<SessionRecord> {
    const record = await findSessionRecord(this.options.db, sessionId);
    if (!record) {
      throw new BridgeError('SESSION_NOT_FOUND', `Interview session ${sessionId} does not exist.`);
    }
    return record;
  }

  private async start(sessionId: string): Promise<ActiveSession> {
    const { driver, documents, recorder, logger, db } = this.options;
    const record = await this.lookup(sessionId);
    if (record.archivedAt) {
      throw new BridgeError(
        'SESSION_CLOSED',
        'This session was archived; its sandbox no longer exists.',
      );
    }
    const sandbox = await driver.create(sandboxIdFor(sessionId));
    if (record.sandboxId !== sandbox.id) await saveSandboxId(db, sessionId, sandbox.id);
    const document = await documents.open(sessionDocumentName(sessionId));
    const log = logger.child({ sessionId });
    const mirror = new WorkspaceMirror({
      sandbox,
      document,
      logger: log,
      ...(this.options.mirrorStateDir
        ? { bases: new FolderBaseStore(join(this.options.mirrorStateDir, sessionId)) }
        : {}),
      ...this.options.mirror,
      onToolChange: (change) => recorder.record(sessionId, 'file_written_by_tool', { ...change }),
    });
    try {
      await mirror.start();
    } catch (error) {
      await document.close();
      throw error;
    }
    const terminal = new TerminalChannel({
      sessionId,
      sandbox,
      logger: log,
      record: (type, data, at) => recorder.record(sessionId, type, data, at),
      onActivity: () => mirror.scheduleScan(),
    });
    log.info({ sandboxId: sandbox.id }, 'session sandbox ready');
    return {
      record: { ...record, sandboxId: sandbox.id },
      sandbox,
      document,
      mirror,
      terminal,
      testRun: null,
    };
  }

  /** Stops serving a session: last sync to disk, terminal closed, document released. */
  async stop(sessionId: string): Promise<ActiveSession | null> {
    const pending = this.sessions.get(sessionId);
    if (!pending) return null;
    this.sessions.delete(sessionId);
    const session = await pending.catch(() => null);
    if (!session) return null;
    session.terminal.close();
    await session.testRun?.catch(() => {});
    await session.mirror.stop();
    await session.document.close();
    return session;
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.stop(id)));
  }
}
