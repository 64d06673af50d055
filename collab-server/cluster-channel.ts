import IORedis from 'ioredis';
import type { Logger } from '../protocol/logger.ts';

/**
 * A Redis pub/sub channel between collab-server instances for what
 * Hocuspocus' Redis extension does not carry: requests that every instance
 * must act on (closing a session's candidate connections).
 */
export class ClusterChannel {
  private readonly publisher: IORedis;
  private readonly subscriber: IORedis;
  private readonly channel: string;
  private readonly ready: Promise<unknown>;

  constructor(url: string, channel: string, logger: Logger, onMessage: (message: string) => void) {
    this.publisher = new IORedis(url);
    this.subscriber = new IORedis(url);
    this.channel = channel;
    // ioredis reconnects by itself; without listeners it prints every failure.
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) =>
        logger.warn({ err: error, channel }, 'Redis channel error'),
      );
    }
    this.subscriber.on('message', (from: string, message: string) => {
      if (from === channel) onMessage(message);
    });
    this.ready = this.subscriber.subscribe(channel);
  }

  /** Resolves once this instance receives the channel's messages. */
  async whenReady(): Promise<void> {
    await this.ready;
  }

  async publish(message: string): Promise<void> {
    await this.publisher.publish(this.channel, message);
  }

  async close(): Promise<void> {
    this.subscriber.disconnect(false);
    this.publisher.disconnect(false);
  }
}
