import type {
  afterUnloadDocumentPayload,
  Document,
  Extension,
  onLoadDocumentPayload,
} from '@hocuspocus/server';
import type { Database } from '../../db/client.ts';
import type { Logger } from '../../protocol/logger.ts';
import { SERVER_PARTICIPANT } from '../context.ts';
import { checkpointsCrossed, writeCheckpoint } from '../history/checkpoints.ts';
import { reconcileWithLog } from '../history/reconcile.ts';
import type { HistoryEntry } from '../history/rows.ts';
import { appendHistory, MAX_ROWS_PER_INSERT } from '../history/writer.ts';
import type { HistoryMetrics } from '../metrics.ts';
import { nextTurn } from '../next-turn.ts';
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
  private pending: HistoryEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** Resolves when the entries waiting now are written (by the next flush). */
  private nextFlush: { promise: Promise<void>; resolve: () => void } | null = null;
  private destroyed = false;

  constructor(configuration: HistoryLogConfiguration) {
    this.configuration = configuration;
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    // A document reloaded right after unloading may still have entries waiting.
    await this.flush();
    const { missingFromLog } = await reconcileWithLog(
      this.configuration.db,
      document,
      documentName,
      FROM_LOG,
    );
    if (missingFromLog) {
      // In the write queue, so it takes its seq after anything flushed before.
      const recovered = this.writing.then(() =>
        this.write([
          {
            documentName,
            at: new Date(),
            senderRole: SERVER_PARTICIPANT.role,
            senderId: SERVER_PARTICIPANT.id,
            clientId: null,
            origin: 'recovered',
            update: missingFromLog,
          },
        ]),
      );
      this.writing = recovered.catch(() => {});
      // A failure fails the load: the document is not served half-logged.
      await recovered;
      this.stats.recovered += 1;
      this.configuration.logger.warn(
        { documentName, bytes: missingFromLog.byteLength },
        'stored document had changes missing from the history log; appended them as recovered',
      );
    }
    document.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_LOG) return;
      this.configuration.metrics?.updateApplied();
      this.record(document, update, origin);
    });
  }

  async afterUnloadDocument(_data: afterUnloadDocumentPayload): Promise<void> {
    await this.flush();
  }

  async onDestroy(): Promise<void> {
    this.destroyed = true;
    await this.flush();
  }

  /** How many entries wait to be written. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Writes everything waiting now; resolves when it is in the database. */
  flush(): Promise<void> {
    this.cancelTimer();
    const batch = this.pending;
    const waiting = this.nextFlush;
    this.pending = [];
    this.nextFlush = null;
    this.writing = this.writing.then(() => this.writeSafely(batch));
    if (waiting) void this.writing.then(waiting.resolve);
    return this.writing;
  }

  /**
   * Resolves once every entry waiting now has been written. The document
   * store waits on this before each store; stores that come together share
   * one flush, at most STORE_FLUSH_MS away, instead of one flush (a database
   * round trip) each.
   */
  written(): Promise<void> {
    if (this.pending.length === 0) return this.writing;
    if (!this.nextFlush) {
      this.cancelTimer();
      this.timer = setTimeout(
        () => {
          this.timer = null;
          void this.flush();
        },
        Math.min(STORE_FLUSH_MS, this.configuration.flushMs),
      );
      let resolve = () => {};
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      this.nextFlush = { promise, resolve };
    }
    return this.nextFlush.promise;
  }

  private record(document: Document, update: Uint8Array, transactionOrigin: unknown): void {
    const attribution = this.configuration.attribute(document, transactionOrigin, update);
    if (!attribution) return;
    this.pending.push({ documentName: document.name, at: new Date(), update, ...attribution });
    if (this.pending.length >= this.configuration.batchSize) {
      void this.flush();
    } else if (!this.timer && !this.destroyed) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, this.configuration.flushMs);
    }
  }

  private async writeSafely(batch: HistoryEntry[]): Promise<void> {
    const size = Math.min(this.configuration.rowsPerStatement, MAX_ROWS_PER_INSERT);
    for (let start = 0; start < batch.length; start += size) {
      const chunk = batch.slice(start, start + size);
      try {
        if (start > 0) await nextTurn();
        await this.write(chunk);
      } catch (error) {
        // Keep what could not be written and try again at the next flush:
        // losing it would leave a hole that replay cannot fill.
        this.pending.unshift(...batch.slice(start));
        this.configuration.metrics?.writeFailed();
        this.configuration.logger.error(
          { err: error, waiting: this.pending.length },
          'could not append to the history log; will retry',
        );
        if (!this.timer && !this.destroyed) {
          this.timer = setTimeout(() => {
            this.timer = null;
            void this.flush();
          }, this.configuration.flushMs * 10);
        }
        return;
      }
    }
  }

  private async write(entries: HistoryEntry[]): Promise<void> {
    const { db, checkpointEvery, logger, lockAppends } = this.configuration;
    const ranges = await appendHistory(db, entries, { lock: lockAppends });
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

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
