import type { beforeHandleAwarenessPayload, Connection, Extension } from '@hocuspocus/server';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { LIMITS } from '../../protocol/limits.ts';
import type { CollabContext } from '../context.ts';
import { refuseMessage } from '../refusal.ts';
import { MESSAGE_BUDGET, MessageBudget, type MessageBudgetLimits } from './message-budget.ts';
import { TokenBucket } from './token-bucket.ts';

export interface PresenceLimits extends MessageBudgetLimits {
  maxAwarenessBytes: number;
  maxAwarenessPerSecond: number;
}

interface ConnectionPresence {
  /** What the connection may still send (every message kind). */
  budget: MessageBudget;
  /** The awareness client id this connection speaks for, once it has set one. */
  clientId: number | null;
  rate: TokenBucket;
  /** Client id → clock of the awareness message being handled. */
  clocks: Map<number, number>;
}

/**
 * Every message of a connection first spends its message budget
 * (guards/message-budget.ts: messages and bytes per second; over it, the
 * connection is closed `tooManyMessages` before the message is decoded).
 * Then awareness (presence) from clients, which Hocuspocus relays to
 * everyone in the document (and the size of every message that is not a
 * document sync):
 * - a message is at most `maxAwarenessBytes` (larger: the socket is closed
 *   with `presenceRefused`); 40 messages of 1 MB had stalled other sessions;
 * - a connection sends at most `maxAwarenessPerSecond` (a burst of twice as
 *   many passes); beyond that its presence updates are dropped, not relayed,
 *   until the bucket refills (cursors are ephemeral: the next one wins);
 * - a connection sets only its own state: the first client id it changes
 *   (one no other live connection speaks for) is its own, and its entries
 *   for any other id are dropped;
 * - the server writes `user.id`, `user.name` and `user.role` from the
 *   verified token over whatever the client said, so an observer cannot
 *   appear as the candidate.
 */
export class PresenceGuard implements Extension {
  extensionName = 'PresenceGuard';
  private readonly limits: PresenceLimits;
  private readonly connections = new WeakMap<Connection, ConnectionPresence>();

  constructor(limits: Partial<PresenceLimits> = {}) {
    this.limits = { ...LIMITS, ...MESSAGE_BUDGET, ...limits };
  }

  /**
   * Spends a message of `bytes` from the connection's budget (services are
   * not budgeted); throws the refusal when it is spent. The first check of
   * every message (extensions/message-checks.ts), before it is decoded.
   */
  spend(connection: Connection, bytes: number): void {
    const participant = (connection.context as CollabContext).participant;
    if (participant?.role === 'service') return;
    const exceeded = this.presenceOf(connection).budget.spend(bytes);
    if (exceeded) throw refuseMessage(connection, 'tooManyMessages', exceeded);
  }

  /**
   * Checks a message of `type` whose header `decoder` has read: an awareness
   * message's size (and reads its clocks for `beforeHandleAwareness`), any
   * other message's size unless it is a sync message; throws the refusal.
   * Returns whether the message is awareness (nothing else to check).
   */
  checkMessage(
    connection: Connection,
    raw: Uint8Array,
    type: number,
    decoder: decoding.Decoder,
  ): boolean {
    if (type === MessageType.Awareness) {
      if (raw.byteLength > this.limits.maxAwarenessBytes) {
        throw refuseMessage(connection, 'presenceRefused', `${raw.byteLength} bytes`);
      }
      try {
        this.presenceOf(connection).clocks = readClocks(decoding.readVarUint8Array(decoder));
      } catch {
        throw refuseMessage(connection, 'malformed', 'undecodable awareness');
      }
      return true;
    }
    // Updates and sync steps have their own caps (UpdateLimits); nothing
    // else a provider sends (stateless tags, tokens) comes near this size.
    if (
      raw.byteLength > this.limits.maxAwarenessBytes &&
      type !== MessageType.Sync &&
      type !== MessageType.SyncReply
    ) {
      throw refuseMessage(
        connection,
        'updateTooLarge',
        `message type ${type}, ${raw.byteLength} bytes`,
      );
    }
    return false;
  }

  async beforeHandleAwareness({
    connection,
    states,
  }: beforeHandleAwarenessPayload<CollabContext>): Promise<void> {
    // In-process and Redis-relayed awareness is trusted.
    if (!connection) return;
    const presence = this.presenceOf(connection);
    if (!presence.rate.take()) {
      states.clear();
      return;
    }
    const participant = (connection.context as CollabContext).participant;
    for (const [clientId, state] of states) {
      if (!this.mayChange(connection, presence, clientId)) {
        states.delete(clientId);
        continue;
      }
      presence.clientId ??= clientId;
      states.set(clientId, withVerifiedUser(state, participant));
    }
  }

  /**
   * Whether this entry of the message may change the document's presence.
   * Providers also relay the states they know of other clients (Yjs would
   * ignore those: their clock is not newer), so entries for others are
   * dropped, not refused.
   */
  private mayChange(
    connection: Connection,
    presence: ConnectionPresence,
    clientId: number,
  ): boolean {
    if (presence.clientId !== null) return clientId === presence.clientId;
    const document = connection.document;
    const takenByAnother = document
      .getConnections()
      .some((other) => other !== connection && document.getClients(other).has(clientId));
    if (takenByAnother) return false;
    const known = document.awareness.meta.get(clientId)?.clock ?? 0;
    return (presence.clocks.get(clientId) ?? 0) > known;
  }

  private presenceOf(connection: Connection): ConnectionPresence {
    let presence = this.connections.get(connection);
    if (!presence) {
      const perSecond = this.limits.maxAwarenessPerSecond;
      presence = {
        budget: new MessageBudget(this.limits),
        clientId: null,
        rate: new TokenBucket(perSecond * 2, perSecond),
        clocks: new Map(),
      };
      this.connections.set(connection, presence);
    }
    return presence;
  }
}

/** Client id → clock of each entry of an awareness update. */
function readClocks(update: Uint8Array): Map<number, number> {
  const decoder = decoding.createDecoder(update);
  const clocks = new Map<number, number>();
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    clocks.set(clientId, decoding.readVarUint(decoder));
    decoding.readVarString(decoder); // the state, parsed by Hocuspocus
  }
  return clocks;
}

/** The state with `user.id`, `user.name` and `user.role` taken from the token. */
function withVerifiedUser(
  state: unknown,
  participant: CollabContext['participant'],
): Record<string, unknown> {
  const record =
    typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
  const claimed =
    typeof record.user === 'object' && record.user !== null
      ? (record.user as Record<string, unknown>)
      : {};
  const color = typeof claimed.color === 'string' ? claimed.color.slice(0, 32) : undefined;
  return {
    ...record,
    user: {
      id: participant?.id ?? 'unknown',
      name: participant?.name ?? 'Unknown',
      role: participant?.role ?? 'viewer',
      ...(color === undefined ? {} : { color }),
    },
  };
}
