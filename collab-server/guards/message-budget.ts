import { TokenBucket } from './token-bucket.ts';

export interface MessageBudgetLimits {
  /** Messages per second one connection may send, with bursts of ten times as many. */
  messagesPerSecond: number;
  /** Bytes per second one connection may send, with bursts of four times as many. */
  bytesPerSecond: number;
}

/**
 * Generous for a person (a typist sends tens of messages a second, a
 * reconnect one sync step 2 of at most 1 MB), far below what a script sends:
 * 20 awareness messages every 5 ms had queued 18 s of work for every session.
 * The burst is ten seconds' worth: a page that was stalled (a busy laptop, a
 * long paste split by origin tags) flushes a few hundred queued messages at
 * once, and closing it then would refuse a person, not a script (the
 * origin-tagging test sends 440 at once).
 */
export const MESSAGE_BUDGET: MessageBudgetLimits = {
  messagesPerSecond: 200,
  bytesPerSecond: 1024 * 1024,
};

/**
 * What one connection may send: a count and a byte token bucket, checked
 * before a message is decoded. A connection over either is closed
 * (`tooManyMessages`), not slowed: its messages are already read and queued,
 * and every one of them costs the thread all sessions share.
 */
export class MessageBudget {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(limits: MessageBudgetLimits, now?: () => number) {
    this.messages = new TokenBucket(limits.messagesPerSecond * 10, limits.messagesPerSecond, now);
    this.bytes = new TokenBucket(limits.bytesPerSecond * 4, limits.bytesPerSecond, now);
  }

  /** Spends one message of `size` bytes; what was exceeded, or null. */
  spend(size: number): string | null {
    if (!this.messages.take()) return 'messages per second';
    if (!this.bytes.take(size)) return 'bytes per second';
    return null;
  }
}
