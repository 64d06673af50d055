import type { Extension, onStatelessPayload } from '@hocuspocus/server';
import type { Logger } from '../../protocol/logger.ts';
import { parseRoomMessage } from '../../protocol/room.ts';
import type { CollabContext } from '../context.ts';

/**
 * Relays the live room (protocol/room.ts): a room message that a service
 * connection (the app) sends on a session document goes to every connection
 * of that document — and, with Redis, through Hocuspocus' Redis extension to
 * the other instances' connections. Anyone else claiming to speak for the
 * room is ignored: a candidate cannot tell observers the interview ended.
 */
export class RoomRelay implements Extension {
  extensionName = 'RoomRelay';
  private readonly logger: Logger;

  constructor(configuration: { logger: Logger }) {
    this.logger = configuration.logger;
  }

  async onStateless({ connection, document, payload }: onStatelessPayload): Promise<void> {
    const message = parseRoomMessage(payload);
    if (!message) return;
    const participant = (connection.context as CollabContext).participant;
    if (participant?.role !== 'service') {
      this.logger.warn(
        { document: document.name, role: participant?.role ?? null },
        'room message from a non-service connection ignored',
      );
      return;
    }
    document.broadcastStateless(payload);
  }
}
