import type { Extension, onStatelessPayload } from '@hocuspocus/server';
import type { DurableAcks } from './durable-acks.ts';
import type { RoomRelay } from './room-relay.ts';

/**
 * The one `onStateless` hook: Hocuspocus chains promises per extension per
 * hook per message, and every keystroke is followed by a `save-check`
 * (decision 020). A save message (durable-acks.ts) is answered and is
 * nothing else; any other payload may be a room message (room-relay.ts).
 * Origin tags are read before the message is applied (message-checks.ts).
 */
export class StatelessMessages implements Extension {
  extensionName = 'StatelessMessages';
  private readonly acks: DurableAcks;
  private readonly room: RoomRelay;

  constructor(configuration: { acks: DurableAcks; room: RoomRelay }) {
    this.acks = configuration.acks;
    this.room = configuration.room;
  }

  async onStateless(payload: onStatelessPayload): Promise<void> {
    if (this.acks.handle(payload)) return;
    this.room.handle(payload);
  }
}
