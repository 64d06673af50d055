import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import { parseDocumentName } from '../protocol/documents.ts';

/**
 * What an incoming Hocuspocus message carries, as far as our hooks care:
 * a document update (an incremental `update`, or a `step2` answering the
 * server's state vector), a stateless payload, or something else.
 */
export type IncomingContent =
  | DocumentContent
  | { kind: 'stateless'; payload: string }
  | { kind: 'other' };

/** A message that changes the document: an incremental update or a sync step 2. */
export interface DocumentContent {
  kind: 'update' | 'step2';
  update: Uint8Array;
}

const OTHER: IncomingContent = { kind: 'other' };

/**
 * What each raw message was read as, for a caller that reads the same message
 * more than once. Keyed weakly: an entry goes with its message. The message
 * hook (extensions/message-checks.ts) reads each message once, from the
 * decoder it has already read the header with (`readContent`).
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
    const decoder = decoding.createDecoder(raw);
    decoding.readVarString(decoder); // document name (or name\0session)
    content = readContent(decoder, decoding.readVarUint(decoder));
    readAlready.set(raw, content);
  }
  return content;
}

/**
 * The rest of a message whose document name and type `decoder` has read:
 * what it carries (without copying); throws on an undecodable one.
 */
export function readContent(decoder: decoding.Decoder, type: number): IncomingContent {
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

/** Whether each loaded document is a session's (its name parsed once, not per message). */
const sessionDocuments = new WeakMap<object, boolean>();

/** Whether `document` is a session document (protocol/documents.ts), remembered per document. */
export function isSessionDocument(document: { name: string }): boolean {
  let session = sessionDocuments.get(document);
  if (session === undefined) {
    session = parseDocumentName(document.name)?.kind === 'session';
    sessionDocuments.set(document, session);
  }
  return session;
}
