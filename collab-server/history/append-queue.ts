import { nextTurn } from '../next-turn.ts';

export interface AppendQueueOptions<T> {
  /**
   * Writes one chunk (in order); throws when it could not be written.
   * `retry` is true when an earlier attempt at this chunk failed (it may
   * have been written all the same: the commit's outcome can be unknown).
   */
  write(chunk: T[], retry: boolean): Promise<void>;
  /** Told of each failed attempt; the chunk stays at the head and is tried again. */
  onFailure(error: unknown, waiting: number): void;
  /** Entries per `write` call. */
  chunkSize: number;
  /** Flush at least this often after an entry arrives (ms). */
  flushMs: number;
  /** …or as soon as this many entries wait. */
  batchSize: number;
  /** First retry delay after a failure; doubles up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
}

/**
 * An ordered write queue with tickets: entry N is written only after entries
 * 1..N-1 are, and `committed(ticket)` resolves once every entry up to that
 * ticket is in the database.
 *
 * One writer drains the queue. A chunk that fails stays at the head and is
 * retried (with backoff) before anything behind it: the old log re-queued
 * failed batches at the front while later flushes were already on their way,
 * which wrote 302 rows out of order during a Postgres outage.
 */
export class AppendQueue<T> {
  private readonly options: AppendQueueOptions<T>;
  private entries: T[] = [];
  /** Ticket of the last entry handed to `push`. */
  private issued = 0;
  /** Ticket of the last entry written (all before it are written too). */
  private done = 0;
  private waiters: { ticket: number; resolve: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Number.POSITIVE_INFINITY;
  private draining: Promise<void> | null = null;
  private failures = 0;
  private stopped = false;

  constructor(options: AppendQueueOptions<T>) {
    this.options = options;
  }

  /** Entries waiting to be written. */
  get waiting(): number {
    return this.entries.length;
  }

  /** The ticket of the last entry queued so far. */
  get lastTicket(): number {
    return this.issued;
  }

  /** Queues an entry; returns its ticket. */
  push(entry: T): number {
    this.entries.push(entry);
    this.issued += 1;
    if (this.entries.length >= this.options.batchSize) this.flushWithin(0);
    else this.flushWithin(this.options.flushMs);
    return this.issued;
  }

  /** Resolves once every entry up to `ticket` is written. */
  committed(ticket: number = this.issued): Promise<void> {
    if (ticket <= this.done) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ ticket, resolve }));
  }

  /** Makes sure a flush starts within `ms` (sooner timers are kept). */
  flushWithin(ms: number): void {
    if (this.stopped || this.entries.length === 0) return;
    const due = Date.now() + ms;
    if (due >= this.timerDue) return;
    this.timerDue = due;
    // While a write runs, the timer is set when it ends (see drain).
    if (this.draining) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = Number.POSITIVE_INFINITY;
      this.drain();
    }, ms);
  }

  /**
   * Writes everything queued now; resolves when it is written, or rejects
   * after `timeoutMs` if the database stays unreachable (the entries stay
   * queued).
   */
  async flush(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    const ticket = this.issued;
    if (ticket <= this.done) return;
    this.cancelTimer();
    this.drain();
    if (!Number.isFinite(timeoutMs)) return this.committed(ticket);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.committed(ticket),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`history not written within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops retrying and scheduling; what is queued stays unwritten. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer();
  }

  private drain(): void {
    if (this.draining || this.stopped) return;
    this.cancelTimer();
    this.draining = this.run().finally(() => {
      this.draining = null;
      // Entries that arrived during the last write wait for their own timer
      // (or for a sooner flush someone asked for meanwhile).
      const asked = this.timerDue;
      this.timerDue = Number.POSITIVE_INFINITY;
      if (this.entries.length > 0) {
        this.flushWithin(
          Number.isFinite(asked) ? Math.max(0, asked - Date.now()) : this.options.flushMs,
        );
      }
    });
  }

  private async run(): Promise<void> {
    // What arrives while this runs waits for its own flush (batching), unless
    // a full batch is waiting.
    const target = this.issued;
    let first = true;
    while (
      this.entries.length > 0 &&
      !this.stopped &&
      (this.done < target || this.entries.length >= this.options.batchSize)
    ) {
      if (!first) await nextTurn();
      first = false;
      const chunk = this.entries.slice(0, this.options.chunkSize);
      try {
        await this.options.write(chunk, this.failures > 0);
      } catch (error) {
        this.failures += 1;
        this.options.onFailure(error, this.entries.length);
        const delay = Math.min(
          this.options.retryMs * 2 ** (this.failures - 1),
          this.options.maxRetryMs,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
      this.failures = 0;
      this.entries.splice(0, chunk.length);
      this.done += chunk.length;
      this.release();
    }
  }

  private release(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((waiter) => waiter.ticket <= this.done);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.ticket > this.done);
    for (const waiter of ready) waiter.resolve();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = Number.POSITIVE_INFINITY;
  }
}
