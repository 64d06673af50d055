import { type Connection, type Document, isTransactionOrigin } from '@hocuspocus/server';
import {
  claimableOrigins,
  decodeOriginMessage,
  defaultOrigin,
  type EditOrigin,
  recordedOrigin,
} from '../../protocol/origins.ts';
import type { ParticipantRole } from '../../protocol/roles.ts';
import { type CollabContext, type Participant, SERVER_PARTICIPANT } from '../context.ts';
import { soleWriterOf } from '../messages.ts';
import { refuseMessage } from '../refusal.ts';

/** Who wrote an applied update and why: the columns of a history row. */
export interface Attribution {
  senderRole: ParticipantRole;
  senderId: string;
  clientId: number | null;
  origin: EditOrigin;
}

/** What a connection has said so far: its current tag. */
interface ConnectionState {
  tag: EditOrigin | null;
}

/**
 * Edit origins over WebSocket: a client sends `{ type: 'origin', origin }` as
 * a stateless message before the updates it tags (protocol/origin-tagger.ts).
 * Hocuspocus runs `beforeHandleMessage` (extensions/message-checks.ts, which
 * calls `checkStateless`) for each message of a connection in
 * arrival order and applies the message before taking the next one, so the
 * tag read here is the one in force when the following update applies. A
 * claim the connection's role may not make closes it with `badOrigin`.
 *
 * `attribute` turns a Yjs transaction origin into the sender and origin the
 * history log records: the sender always comes from the verified token (or
 * the in-process caller's context), never from what the client says.
 */
export class EditOrigins {
  private readonly connections = new WeakMap<Connection, ConnectionState>();

  /**
   * Reads a stateless message's payload as an origin claim, if it is one:
   * records the connection's tag, or throws the refusal (`badOrigin`) for a
   * claim its role may not make. Called for every stateless message, in
   * arrival order (extensions/message-checks.ts).
   */
  checkStateless(connection: Connection, payload: string): void {
    const claim = decodeOriginMessage(payload);
    if (claim === null) return;
    const role = (connection.context as CollabContext).participant?.role;
    const origin = claim.valid ? claim.message.origin : null;
    if (!claim.valid || !role || (origin !== null && !claimableOrigins(role).includes(origin))) {
      throw refuseMessage(
        connection,
        'badOrigin',
        `${role ?? 'unknown'} claimed ${payload.slice(0, 60)}`,
      );
    }
    this.stateOf(connection).tag = origin;
  }

  /**
   * The sender and origin of an update applied to `document` with Yjs
   * transaction origin `transactionOrigin`; `relayed` for updates another
   * instance sent through Redis (decision 017).
   */
  attribute(
    document: Document,
    transactionOrigin: unknown,
    update: Uint8Array,
  ): Attribution | null {
    if (isTransactionOrigin(transactionOrigin)) {
      // Relayed from another replica: logged here too (the sender may die
      // unflushed); the append skips it when that replica logged it first.
      if (transactionOrigin.source === 'redis') {
        return describe(SERVER_PARTICIPANT, 'relayed', soleWriterOf(update));
      }
      if (transactionOrigin.source === 'connection') {
        const connection = transactionOrigin.connection;
        const participant = (connection.context as CollabContext).participant ?? SERVER_PARTICIPANT;
        const state = this.connections.get(connection);
        // Whatever message carried it (an update or a sync step 2), what
        // reaches the document is the sender's edit with the sender's tag:
        // recording a step 2 as `resync` let a candidate launder a paste
        // (decision 015).
        const origin = recordedOrigin(participant.role, state?.tag ?? null);
        const clientId = soleWriterOf(update) ?? soleAwarenessClient(document, connection);
        return describe(participant, origin, clientId);
      }
      const context = (transactionOrigin.context ?? {}) as CollabContext;
      const participant = context.participant ?? SERVER_PARTICIPANT;
      return describe(
        participant,
        context.origin ?? defaultOrigin(participant.role),
        soleWriterOf(update),
      );
    }
    // Something in this process changed the document without saying who.
    return describe(SERVER_PARTICIPANT, 'api', soleWriterOf(update));
  }

  private stateOf(connection: Connection): ConnectionState {
    let state = this.connections.get(connection);
    if (!state) {
      state = { tag: null };
      this.connections.set(connection, state);
    }
    return state;
  }
}

function describe(
  participant: Participant,
  origin: EditOrigin,
  clientId: number | null,
): Attribution {
  return { senderRole: participant.role, senderId: participant.id, clientId, origin };
}

/** A delete-only update names no writer; the connection's awareness client does. */
function soleAwarenessClient(document: Document, connection: Connection): number | null {
  const clients = document.getClients(connection);
  return clients.size === 1 ? (clients.values().next().value as number) : null;
}
