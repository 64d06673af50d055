import type { Database } from '../../db/client.ts';
import { sessionEvents } from '../../db/schema/index.ts';
import type { ServerEventType } from '../../protocol/events.ts';
import type { Logger } from '../../protocol/logger.ts';

interface PendingEvent {
  sessionId: string;
  at: Date;
  type: ServerEventType;
  data: Record<string, unknown>;
}

export interface EventRecorderOptions {
  db: Database;
  logger: Logger;
  /** Flush at least this often. */
  flushMs?: number;
  /** Flush as soon as this many events wait. */
  batchSize?: number;
}

/**
 * Writes the bridge's session events (terminal, test runs, tool file writes)
 * to session_events in batches, each stamped with the time it happened, not
 * the time of the write. Test events are flushed at once with `flush()` so an
 * observer polling the log sees a run while it is running.
 */
export class EventRecorder {
  private readonly db: Database;
  private readonly logger: Logger;
  private readonly flushMs: number;
  private readonly batchSize: number;
  private pending: PendingEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(options: EventRecorderOptions) {
    this.db = options.db;
    this.logger = options.logger;
    this.flushMs = options.flushMs ?? 250;
    this.batchSize = options.batchSize ?? 200;
  }

  record(sessionId: string, type: ServerEventType, data: Record<string, unknown>, at = new Date()) {
    this.pending.push({ sessionId, at, type, data });
    if (this.pending.length >= this.batchSize) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what waits; resolves when it (and earlier writes) are stored. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.db.insert(sessionEvents).values(
          batch.map((event) => ({
            sessionId: event.sessionId,
            at: event.at,
            type: event.type,
            source: 'server',
            data: event.data,
          })),
        );
      } catch (error) {
        // A session deleted mid-run (foreign key) must not take the bridge down.
        this.logger.warn({ err: error, events: batch.length }, 'session events were not stored');
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
