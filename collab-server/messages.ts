import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

/**
 * What an incoming Hocuspocus message carries, as far as our hooks care:
 * a document update (an incremental `update`, or a `step2` answering the
 * server's state vector), a stateless payload, or something else.
 */
export type IncomingContent =
  | { kind: 'update' | 'step2'; update: Uint8Array }
  | { kind: 'stateless'; payload: string }
  | { kind: 'other' };

const OTHER: IncomingContent = { kind: 'other' };

/**
 * What each raw message was read as: several extensions' `beforeHandleMessage`
 * get the same message object, and read it once between them (decision 020).
 * Keyed weakly: an entry goes with its message.
 */
const readAlready = new WeakMap<Uint8Array, IncomingContent>();

/**
 * Reads the envelope of a raw message (`beforeHandleMessage`'s `update`)
 * without copying; throws on an undecodable one. Messages are not changed
 * once received, so a message read before answers from the first reading.
 */
export function readIncomingContent(raw: Uint8Array): IncomingContent {
  let content = readAlready.get(raw);
  if (content === undefined) {
    content = readEnvelope(raw);
    readAlready.set(raw, content);
  }
  return content;
}

function readEnvelope(raw: Uint8Array): IncomingContent {
  const decoder = decoding.createDecoder(raw);
  decoding.readVarString(decoder); // document name (or name\0session)
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.Stateless) {
    return { kind: 'stateless', payload: decoding.readVarString(decoder) };
  }
  if (type !== MessageType.Sync && type !== MessageType.SyncReply) return OTHER;
  const syncType = decoding.readVarUint(decoder);
  if (syncType === messageYjsUpdate) {
    return { kind: 'update', update: decoding.readVarUint8Array(decoder) };
  }
  if (syncType === messageYjsSyncStep2) {
    return { kind: 'step2', update: decoding.readVarUint8Array(decoder) };
  }
  return OTHER;
}

/**
 * The Yjs client that wrote a v1 update, when exactly one did: the header is
 * `numClients, numStructs, client, …`, so this costs a few bytes of decoding.
 */
export function soleWriterOf(update: Uint8Array): number | null {
  try {
    const decoder = decoding.createDecoder(update);
    if (decoding.readVarUint(decoder) !== 1) return null;
    decoding.readVarUint(decoder); // number of structs
    return decoding.readVarUint(decoder);
  } catch {
    return null;
  }
}
