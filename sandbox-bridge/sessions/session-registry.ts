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
import { interruptUnfinishedRuns } from '../runner/test-run-records.ts';
import { TerminalChannel } from '../terminal/terminal-channel.ts';
import { fencedBases, fencedDocument, fencedSandbox } from './fenced.ts';
import type { LeaseKeeper, SessionLease } from './session-lease.ts';
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
  /** This bridge's right to write the session (null: a bridge without leases, alone). */
  lease: SessionLease | null;
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
  /**
   * Session ownership among several bridges (decision 024): a session opens
   * only with its lease, and every write to it checks the lease.
   */
  leases?: LeaseKeeper;
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

  /** Whether this bridge serves the session now (opened or opening). */
  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  private async start(sessionId: string): Promise<ActiveSession> {
    const record = await this.lookup(sessionId);
    if (record.archivedAt) {
      throw new BridgeError(
        'SESSION_CLOSED',
        'This session was archived; its sandbox no longer exists.',
      );
    }
    const lease = (await this.options.leases?.acquire(sessionId)) ?? null;
    try {
      // Taken over from a bridge that died mid-run: that run will never finish.
      if (lease && lease.generation > 1) {
        await interruptUnfinishedRuns(this.options.db, new Date(), sessionId);
      }
      return await this.startOwned(record, lease);
    } catch (error) {
      if (lease) await this.options.leases?.release(lease).catch(() => {});
      throw error;
    }
  }

  private async startOwned(
    record: SessionRecord,
    lease: SessionLease | null,
  ): Promise<ActiveSession> {
    const { driver, documents, recorder, logger, db } = this.options;
    const sessionId = record.id;
    const created = await driver.create(sandboxIdFor(sessionId));
    const sandbox = lease ? fencedSandbox(created, lease) : created;
    if (record.sandboxId !== sandbox.id) await saveSandboxId(db, sessionId, sandbox.id);
    const opened = await documents.open(sessionDocumentName(sessionId));
    const document = lease ? fencedDocument(opened, lease) : opened;
    const log = logger.child({ sessionId, ...(lease ? { generation: lease.generation } : {}) });
    const bases = this.options.mirrorStateDir
      ? new FolderBaseStore(join(this.options.mirrorStateDir, sessionId))
      : null;
    const mirror = new WorkspaceMirror({
      sandbox,
      document,
      logger: log,
      ...(bases ? { bases: lease ? fencedBases(bases, lease) : bases } : {}),
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
      lease,
    };
  }

  /**
   * Stops serving a session: last sync to disk, terminal closed, document
   * released, lease given up (unless `keepLease`: the caller releases it
   * after a last fenced write, as the archive does).
   */
  async stop(
    sessionId: string,
    options: { keepLease?: boolean } = {},
  ): Promise<ActiveSession | null> {
    const pending = this.sessions.get(sessionId);
    if (!pending) return null;
    this.sessions.delete(sessionId);
    const session = await pending.catch(() => null);
    if (!session) return null;
    session.terminal.close();
    await session.testRun?.catch(() => {});
    await session.mirror.stop();
    await session.document.close();
    if (session.lease && !options.keepLease) await this.release(session.lease);
    return session;
  }

  /** Gives a kept lease up. */
  async release(lease: SessionLease | null): Promise<void> {
    if (lease) await this.options.leases?.release(lease);
  }

  /** The fence of a database write made under the session's lease. */
  fence(lease: SessionLease | null) {
    const owner = this.options.leases?.owner;
    return lease && owner ? { owner, generation: lease.generation } : undefined;
  }

  /**
   * The lease is gone (another bridge took the session, or it was not renewed
   * in time): drop the session without writing anything more. The fenced
   * handles already refuse every write; this ends the terminal and the
   * mirror's timers and lets the document go.
   */
  async abandon(sessionId: string): Promise<void> {
    const pending = this.sessions.get(sessionId);
    if (!pending) return;
    this.sessions.delete(sessionId);
    const session = await pending.catch(() => null);
    if (!session) return;
    session.terminal.close();
    session.mirror.halt();
    await session.document.close().catch(() => {});
  }

  /** Takes over live sessions whose owner died (expired leases); returns the ids taken. */
  async adoptOrphans(limit = 20): Promise<string[]> {
    const leases = this.options.leases;
    if (!leases) return [];
    const adopted: string[] = [];
    const orphans = (await leases.orphans(limit)).filter(
      (orphan) => !this.sessions.has(orphan.sessionId),
    );
    if (orphans.length === 0) return [];
    // Its fair share only (stale orphans aside), tried in a random order so
    // that bridges adopting at the same moment mostly try different sessions.
    let quota = await leases.adoptionQuota(orphans.length);
    for (const { sessionId, stale } of shuffled(orphans)) {
      if (quota <= 0 && !stale) continue;
      try {
        await this.open(sessionId);
        adopted.push(sessionId);
        quota -= 1;
      } catch (error) {
        // Another bridge was faster (SESSION_OWNED_ELSEWHERE), or the session just closed.
        if (!(error instanceof BridgeError && error.code === 'SESSION_OWNED_ELSEWHERE')) {
          this.options.logger.warn({ err: error, sessionId }, 'could not take over a session');
        }
      }
    }
    if (adopted.length > 0) this.options.logger.info({ adopted }, 'took over orphaned sessions');
    return adopted;
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.stop(id)));
  }
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
