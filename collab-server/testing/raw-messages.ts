import { MessageType } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import type { TestClient } from './clients.ts';

/**
 * Sends bytes a well-behaved provider would never send, as a hostile client
 * can: an update or sync step 2 exactly as given, or an awareness update.
 */
export function sendRawSync(
  client: TestClient,
  kind: 'update' | 'step2',
  update: Uint8Array,
): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, client.provider.configuration.name);
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, kind === 'update' ? messageYjsUpdate : messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  client.socket.send(encoding.toUint8Array(encoder));
}

/** An awareness message setting `states` (client id → state) at `clock`. */
export function sendRawAwareness(
  client: TestClient,
  states: [clientId: number, clock: number, state: unknown][],
): void {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, states.length);
  for (const [clientId, clock, state] of states) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, client.provider.configuration.name);
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  client.socket.send(encoding.toUint8Array(encoder));
}
