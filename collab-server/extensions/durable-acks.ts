import type { onStatelessPayload } from '@hocuspocus/server';
import { decodeSaveMessage, encodeSaveMessage } from '../../protocol/durable-saves.ts';

export interface DurableAcksConfiguration {
  /** Resolves once everything applied so far is in the database (HistoryLog.durable). */
  durable(withinMs: number): Promise<void>;
  /** Group-commit window: how long a flush may wait for other acknowledgements to share it. */
  windowMs: number;
  /** Told of each acknowledgement's latency (ms), for metrics and the benchmark. */
  observe?(latencyMs: number): void;
}

/**
 * Answers a client's `save-check` with `saved` once what it sent is durable
 * (protocol/durable-saves.ts). Hocuspocus applies a connection's messages in
 * order, so when the check is handled every update sent before it has been
 * applied, and the history log's current tail covers them. Nothing is said
 * when the write does not happen (the connection closes first, or the
 * database is away): the page keeps showing "Saving…". Called by
 * StatelessMessages (stateless-messages.ts), the one `onStateless` hook.
 */
export class DurableAcks {
  private readonly configuration: DurableAcksConfiguration;

  constructor(configuration: DurableAcksConfiguration) {
    this.configuration = configuration;
  }

  /** Answers a `save-check`; whether the payload was a save message at all. */
  handle({ connection, payload }: onStatelessPayload): boolean {
    const message = decodeSaveMessage(payload);
    if (message === null) return false;
    if (message.type !== 'save-check') return true;
    const asked = performance.now();
    // Not awaited: the connection's next messages need not wait for the write.
    void this.configuration.durable(this.configuration.windowMs).then(() => {
      this.configuration.observe?.(performance.now() - asked);
      connection.sendStateless(encodeSaveMessage({ type: 'saved', id: message.id }));
    });
    return true;
  }
}
