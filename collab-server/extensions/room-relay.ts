import type { onStatelessPayload } from '@hocuspocus/server';
import type { Logger } from '../../protocol/logger.ts';
import { parseRoomMessage } from '../../protocol/room.ts';
import type { CollabContext } from '../context.ts';

/**
 * Relays the live room (protocol/room.ts): a room message that a service
 * connection (the app) sends on a session document goes to every connection
 * of that document — and, with Redis, through Hocuspocus' Redis extension to
 * the other instances' connections. Anyone else claiming to speak for the
 * room is ignored: a candidate cannot tell observers the interview ended.
 * Called by StatelessMessages (stateless-messages.ts), the one `onStateless`
 * hook.
 */
export class RoomRelay {
  private readonly logger: Logger;

  constructor(configuration: { logger: Logger }) {
    this.logger = configuration.logger;
  }

  handle({ connection, document, payload }: onStatelessPayload): void {
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
