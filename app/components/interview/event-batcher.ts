import type { ClientEvent } from '../../../protocol/events.ts';

export interface EventBatcherOptions {
  endpoint: string;
  /** Flush at least this often (ms). */
  intervalMs?: number;
  /** …or as soon as this many events wait. */
  maxBatch?: number;
  fetchImpl?: typeof fetch;
}

/**
 * Batches the candidate's session events (seed 4.1): flushes every 5 s or at
 * 50 events, with sendBeacon when the page goes away, and keeps events that
 * failed to send for the next attempt (bounded, oldest dropped first).
 */
export class EventBatcher {
  private queue: ClientEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sending = false;
  private readonly endpoint: string;
  private readonly intervalMs: number;
  private readonly maxBatch: number;
  private readonly fetchImpl: typeof fetch;
  private readonly onPageHide = () => this.flushWithBeacon();

  constructor(options: EventBatcherOptions) {
    this.endpoint = options.endpoint;
    this.intervalMs = options.intervalMs ?? 5000;
    this.maxBatch = options.maxBatch ?? 50;
    this.fetchImpl = options.fetchImpl ?? ((...args) => fetch(...args));
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.onPageHide);
  }

  add<E extends ClientEvent>(type: E['type'], data: E['data']): void {
    this.queue.push({ type, data, timestamp: Date.now() } as ClientEvent);
    if (this.queue.length > 1000) this.queue.splice(0, this.queue.length - 1000);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Sends what is queued; on failure the events go back to the front of the queue. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.sending || this.queue.length === 0) return;
    const batch = this.queue.splice(0, 200);
    this.sending = true;
    try {
      const response = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sentAt: Date.now(), events: batch }),
        keepalive: true,
      });
      // A 4xx means the batch itself is wrong: retrying would fail forever.
      if (!response.ok && response.status >= 500) throw new Error(`HTTP ${response.status}`);
    } catch {
      this.queue.unshift(...batch);
      this.timer ??= setTimeout(() => void this.flush(), this.intervalMs * 2);
    } finally {
      this.sending = false;
    }
  }

  private flushWithBeacon(): void {
    if (this.queue.length === 0 || typeof navigator === 'undefined' || !navigator.sendBeacon)
      return;
    const batch = this.queue.splice(0, 200);
    const body = new Blob([JSON.stringify({ sentAt: Date.now(), events: batch })], {
      type: 'application/json',
    });
    if (!navigator.sendBeacon(this.endpoint, body)) this.queue.unshift(...batch);
  }

  pending(): number {
    return this.queue.length;
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.onPageHide);
    this.flushWithBeacon();
  }
}
