import type {
  afterUnloadDocumentPayload,
  Document,
  Extension,
  onLoadDocumentPayload,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Database } from '../../db/client.ts';
import type { Logger } from '../../protocol/logger.ts';
import { SERVER_PARTICIPANT } from '../context.ts';
import { AppendQueue } from '../history/append-queue.ts';
import { checkpointsCrossed, writeCheckpoint } from '../history/checkpoints.ts';
import { reconcileWithLog } from '../history/reconcile.ts';
import { dropLoggedRelays } from '../history/relayed.ts';
import type { HistoryEntry, SeqRange } from '../history/rows.ts';
import { type AppendOptions, appendHistory, MAX_ROWS_PER_INSERT } from '../history/writer.ts';
import type { HistoryMetrics } from '../metrics.ts';
import { nextTurn } from '../next-turn.ts';
import { CollabRefusal } from '../refusal.ts';
import type { Attribution } from './edit-origins.ts';

export interface HistoryLogConfiguration {
  db: Database;
  logger: Logger;
  /** Write waiting updates at least this often (ms). */
  flushMs: number;
  /** …or as soon as this many are waiting. */
  batchSize: number;
  /** Full-state checkpoint every N updates of a document. */
  checkpointEvery: number;
  /** Serialize appends across instances (Postgres); see AppendOptions. */
  lockAppends: boolean;
  /** Runs the locked append as one simple query (DatabaseHandle.script on Postgres). */
  script?: AppendOptions['script'];
  /** Runs the single-server append as a prepared call (DatabaseHandle.prepared on Postgres). */
  prepared?: AppendOptions['prepared'];
  /**
   * Rows per insert statement. On PGlite every statement runs on the
   * server's thread and holds up every connection while it runs, so batches
   * are written in small statements with a turn of the event loop between.
   */
  rowsPerStatement: number;
  /** Who wrote an update and why; null to leave it out (another instance logs it). */
  attribute(document: Document, transactionOrigin: unknown, update: Uint8Array): Attribution | null;
  /** Told of every applied update, every written batch and checkpoint (Prometheus). */
  metrics?: HistoryMetrics;
  /**
   * Stores a document's full state; called when loading found content in the
   * log that the stored state lacked, so that readers of the stored state
   * (and the next load) see it without waiting for an edit to trigger a store.
   */
  storeState?(documentName: string, state: Uint8Array): Promise<void>;
  /** Other replicas share documents through Redis: relayed content is deduplicated (017). */
  replicated?: boolean;
}

/** Counters for tests and the benchmark. */
export interface HistoryLogStats {
  rows: number;
  insertStatements: number;
  checkpoints: number;
  recovered: number;
}

/** How long a store waits at most for the pending history to be written. */
const STORE_FLUSH_MS = 20;

/** First retry after a failed append, doubling up to RETRY_MAX_MS while the database is away. */
const RETRY_MS = 200;
const RETRY_MAX_MS = 2_000;

/** How long a load waits for waiting entries before it refuses (database away). */
const LOAD_FLUSH_MS = 5_000;

/** How long a clean stop keeps trying to write what is queued (runMain allows 5 s in all). */
const DESTROY_FLUSH_MS = 3_000;

/** How long relayed updates wait before they are checked and written (see HistoryLog.relayed). */
const RELAYED_GRACE_MS = 1_000;

/** Checks of relayed content per append before it is left to the queue's retry. */
const MAX_CHECK_ATTEMPTS = 10;

/** Marks the transaction that applies logged content on load: already in the log. */
const FROM_LOG = Symbol('tandem.history.from-log');

/**
 * Appends every update applied to a document to `yjs_updates`, with server
 * time, sender, Yjs client id and origin, in batches: one multi-row insert
 * per `flushMs` or per `batchSize` updates, never one per keystroke.
 *
 * Updates are captured by a listener on the document's own `update` event,
 * which Yjs calls synchronously inside the transaction, while the connection
 * state that says who sent it (edit-origins.ts) is still that of the message
 * being applied; the `onChange` hook carries the same bytes but runs a few
 * promise ticks later.
 *
 * On load the document is reconciled with the log (history/reconcile.ts).
 * Every store waits until the entries pending before it are written (the
 * document store awaits `written()`); pending entries are flushed when a
 * document unloads and when the server is destroyed, and
 * a checkpoint is written whenever a document's seq crosses a multiple of
 * `checkpointEvery`.
 */
export class HistoryLog implements Extension {
  extensionName = 'HistoryLog';
  /** Below the document store's (100): its stored state is applied before we reconcile. */
  priority = 50;
  readonly stats: HistoryLogStats = { rows: 0, insertStatements: 0, checkpoints: 0, recovered: 0 };
  private readonly configuration: HistoryLogConfiguration;
  private readonly queue: AppendQueue<HistoryEntry>;
  /**
   * Updates relayed from another replica (decision 017), written only after
   * RELAYED_GRACE_MS: by then the replica that applied them first has logged
   * them with their sender, and the check finds them logged (decision 020).
   * What is left is content whose replica died unflushed. A queue of their
   * own, so acknowledgements of this replica's clients never wait for them.
   */
  private readonly relayed: AppendQueue<HistoryEntry>;

  constructor(configuration: HistoryLogConfiguration) {
    this.configuration = configuration;
    this.queue = this.createQueue(configuration.flushMs);
    this.relayed = this.createQueue(RELAYED_GRACE_MS);
  }

  private createQueue(flushMs: number): AppendQueue<HistoryEntry> {
    const configuration = this.configuration;
    return new AppendQueue<HistoryEntry>({
      write: (chunk, retry) => this.write(chunk, retry),
      onFailure: (error, waiting) => {
        configuration.metrics?.writeFailed();
        configuration.logger.error(
          { err: error, waiting },
          'could not append to the history log; will retry',
        );
      },
      chunkSize: Math.min(configuration.rowsPerStatement, MAX_ROWS_PER_INSERT),
      flushMs,
      batchSize: configuration.batchSize,
      retryMs: RETRY_MS,
      maxRetryMs: RETRY_MAX_MS,
    });
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    let reconciled: Awaited<ReturnType<typeof reconcileWithLog>>;
    try {
      // A document reloaded right after unloading may still have entries waiting.
      await Promise.all([this.queue.flush(LOAD_FLUSH_MS), this.relayed.flush(LOAD_FLUSH_MS)]);
      reconciled = await reconcileWithLog(this.configuration.db, document, documentName, FROM_LOG);
    } catch (error) {
      // The database is away: the joining client is told so (and retries).
      throw new CollabRefusal('unavailable', String(error));
    }
    const { missingFromLog, restoredFromLog } = reconciled;
    if (missingFromLog) {
      // Queued like any update, so it takes its seq after anything before it;
      // the load waits for it: the document is not served half-logged.
      const ticket = this.queue.push({
        documentName,
        at: new Date(),
        senderRole: SERVER_PARTICIPANT.role,
        senderId: SERVER_PARTICIPANT.id,
        clientId: null,
        origin: 'recovered',
        update: missingFromLog,
      });
      this.queue.flushWithin(0);
      await this.queue.committed(ticket);
      this.stats.recovered += 1;
      this.configuration.logger.warn(
        { documentName, bytes: missingFromLog.byteLength },
        'stored document had changes missing from the history log; appended them as recovered',
      );
    }
    if (restoredFromLog || missingFromLog) {
      // After a crash the stored state lags the log: store what was recovered.
      try {
        await this.configuration.storeState?.(documentName, Y.encodeStateAsUpdate(document));
      } catch (error) {
        // The log holds it all; the next store catches up.
        this.configuration.logger.error(
          { err: error, documentName },
          'could not store the state recovered from the history log',
        );
      }
    }
    document.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_LOG) return;
      this.configuration.metrics?.updateApplied();
      this.record(document, update, origin);
    });
  }

  async afterUnloadDocument(_data: afterUnloadDocumentPayload): Promise<void> {
    this.queue.flushWithin(0);
    this.relayed.flushWithin(0);
  }

  async onDestroy(): Promise<void> {
    try {
      await Promise.all([this.queue.flush(DESTROY_FLUSH_MS), this.relayed.flush(DESTROY_FLUSH_MS)]);
    } catch (error) {
      this.configuration.logger.error(
        { err: error, waiting: this.pendingCount },
        'stopping with history entries unwritten; clients resend them when they reconnect',
      );
    } finally {
      this.queue.stop();
      this.relayed.stop();
    }
  }

  /** How many entries wait to be written. */
  get pendingCount(): number {
    return this.queue.waiting + this.relayed.waiting;
  }

  /** Writes everything waiting now; resolves when it is in the database. */
  async flush(): Promise<void> {
    await Promise.all([this.queue.flush(), this.relayed.flush()]);
  }

  /**
   * Resolves once every entry waiting now has been written. The document
   * store waits on this before each store; stores that come together share
   * one flush, at most STORE_FLUSH_MS away, instead of one flush (a database
   * round trip) each.
   */
  async written(): Promise<void> {
    // The stored state holds relayed content too: it is logged first.
    const relayed = this.relayed.lastTicket;
    this.relayed.flushWithin(STORE_FLUSH_MS);
    await Promise.all([this.durable(STORE_FLUSH_MS), this.relayed.committed(relayed)]);
  }

  /**
   * Resolves once everything applied so far is in the database, starting a
   * flush within `withinMs` (a group-commit window: acknowledgements asked
   * for together share one write).
   */
  durable(withinMs: number): Promise<void> {
    const ticket = this.queue.lastTicket;
    this.queue.flushWithin(Math.min(withinMs, this.configuration.flushMs));
    return this.queue.committed(ticket);
  }

  private record(document: Document, update: Uint8Array, transactionOrigin: unknown): void {
    const attribution = this.configuration.attribute(document, transactionOrigin, update);
    if (!attribution) return;
    const queue = attribution.origin === 'relayed' ? this.relayed : this.queue;
    queue.push({ documentName: document.name, at: new Date(), update, ...attribution });
  }

  /**
   * Appends `entries`. A replicated server first leaves out relayed content
   * another replica logged already (decision 017); the append then writes a
   * document only if nobody appended to it since that check, and the check
   * is made again for the documents that moved (decision 020).
   */
  private async appendChecked(
    entries: HistoryEntry[],
    retry: boolean,
  ): Promise<Map<string, SeqRange>> {
    const { db, lockAppends, script, prepared, replicated } = this.configuration;
    if (!replicated) {
      // Alone, an update reaches the log twice only through a retried write.
      const options = { lock: lockAppends, script, prepared, dedupe: retry };
      return (await appendHistory(db, entries, options)).ranges;
    }
    const ranges = new Map<string, SeqRange>();
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const checked = await dropLoggedRelays(db, pending);
      const result = await appendHistory(db, checked.entries, {
        lock: lockAppends,
        script,
        expectedTails: checked.tails,
      });
      for (const [name, range] of result.ranges) ranges.set(name, range);
      if (result.stale.size === 0) return ranges;
      // Written documents are not written again: a retry of the whole chunk
      // (below) finds their rows byte for byte and skips them.
      if (attempt >= MAX_CHECK_ATTEMPTS) {
        throw new Error(`the history of ${result.stale.size} document(s) kept moving`);
      }
      pending = pending.filter((entry) => result.stale.has(entry.documentName));
    }
  }

  private async write(entries: HistoryEntry[], retry: boolean): Promise<void> {
    const { db, checkpointEvery, logger } = this.configuration;
    const ranges = await this.appendChecked(entries, retry);
    this.stats.rows += entries.length;
    this.stats.insertStatements += 1;
    this.configuration.metrics?.written(entries);
    for (const [documentName, range] of ranges) {
      for (const seq of checkpointsCrossed(range.first, range.last, checkpointEvery)) {
        try {
          await nextTurn();
          if (await writeCheckpoint(db, documentName, seq)) {
            this.stats.checkpoints += 1;
            this.configuration.metrics?.checkpointWritten();
          }
        } catch (error) {
          // A missing checkpoint only makes seeking slower; the log is intact.
          logger.error({ err: error, documentName, seq }, 'could not write a checkpoint');
        }
      }
    }
  }
}
