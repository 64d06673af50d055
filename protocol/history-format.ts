import * as encoding from 'lib0/encoding';
import type { SessionEventRecord } from './events.ts';

/**
 * The compact binary encoding of a session's history: the update log of the
 * session document, its checkpoints, the session events and the notes
 * document's state, in one response the history API can cache (the bytes are a
 * pure function of the history, so a hash of them is a valid ETag).
 *
 * Layout (version 1), all integers unsigned LEB128 varints unless noted:
 *   magic "TNDH", version (1 byte)
 *   string table: count, then UTF-8 strings (origins, roles, sender ids,
 *     event types and sources are written as indexes into it)
 *   meta: sessionId, documentName, startedAt?, endedAt? (0 = absent, else ms + 1)
 *   updates: count, then per row: seq (zigzag delta from the previous seq),
 *     at (zigzag delta from the previous time), origin, senderRole, senderId,
 *     clientId (0 = unknown, else id + 1), update bytes (length + bytes)
 *   checkpoints: count, then seq, at (zigzag delta), state bytes
 *   events: count, then seq (zigzag delta), at (zigzag delta), type, source,
 *     data (JSON text)
 *   notes: 0 = absent, else length + 1 followed by the notes document state
 * Times are milliseconds since the epoch; the deltas of one list start at 0.
 */

export const HISTORY_FORMAT_VERSION = 1;
/** Content type of the history API's response body. */
export const HISTORY_CONTENT_TYPE = 'application/vnd.tandem.history';
const MAGIC = [0x54, 0x4e, 0x44, 0x48]; // "TNDH"

export interface HistoryMeta {
  sessionId: string;
  /** The session document the updates belong to: `session/<id>`. */
  documentName: string;
  startedAt: number | null;
  endedAt: number | null;
}

/** One row of the update log (yjs_updates), times in ms since the epoch. */
export interface HistoryUpdate {
  seq: number;
  at: number;
  origin: string;
  senderRole: string;
  senderId: string;
  clientId: number | null;
  bytes: Uint8Array;
}

/** A full document state that includes every update with seq ≤ `seq`. */
export interface HistoryCheckpoint {
  seq: number;
  at: number;
  state: Uint8Array;
}

export interface SessionHistory {
  meta: HistoryMeta;
  /** Ordered by seq. */
  updates: HistoryUpdate[];
  /** Ordered by seq. */
  checkpoints: HistoryCheckpoint[];
  /** Ordered by (at, seq). */
  events: SessionEventRecord[];
  /** Full state of the notes document, or null when there are no notes. */
  notes: Uint8Array | null;
}

export type HistoryFormatErrorCode =
  | 'HISTORY_BAD_MAGIC'
  | 'HISTORY_UNSUPPORTED_VERSION'
  | 'HISTORY_TRUNCATED'
  | 'HISTORY_INVALID'
  | 'HISTORY_TRAILING_BYTES';

/** The bytes are not a history this version can read; `code` says why. */
export class HistoryFormatError extends Error {
  readonly code: HistoryFormatErrorCode;
  constructor(code: HistoryFormatErrorCode, message: string) {
    super(message);
    this.name = 'HistoryFormatError';
    this.code = code;
  }
}

const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

/** Encodes a session history into the versioned binary format. */
export function encodeHistory(history: SessionHistory): Uint8Array {
  const strings = new Map<string, number>();
  const intern = (value: string) => {
    if (!strings.has(value)) strings.set(value, strings.size);
  };
  for (const u of history.updates) {
    intern(u.origin);
    intern(u.senderRole);
    intern(u.senderId);
  }
  for (const e of history.events) {
    intern(e.type);
    intern(e.source);
  }
  const out = encoding.createEncoder();
  for (const byte of MAGIC) encoding.writeUint8(out, byte);
  encoding.writeUint8(out, HISTORY_FORMAT_VERSION);
  encoding.writeVarUint(out, strings.size);
  for (const value of strings.keys()) encoding.writeVarString(out, value);
  const index = (value: string) => encoding.writeVarUint(out, strings.get(value)!);
  const time = (value: number | null) => encoding.writeVarUint(out, value === null ? 0 : value + 1);

  const { meta } = history;
  encoding.writeVarString(out, meta.sessionId);
  encoding.writeVarString(out, meta.documentName);
  time(meta.startedAt);
  time(meta.endedAt);

  let seq = 0;
  let at = 0;
  const delta = (value: number, previous: number) =>
    encoding.writeVarUint(out, zigzag(value - previous));
  encoding.writeVarUint(out, history.updates.length);
  for (const u of history.updates) {
    delta(u.seq, seq);
    delta(u.at, at);
    seq = u.seq;
    at = u.at;
    index(u.origin);
    index(u.senderRole);
    index(u.senderId);
    encoding.writeVarUint(out, u.clientId === null ? 0 : u.clientId + 1);
    encoding.writeVarUint8Array(out, u.bytes);
  }
  at = 0;
  encoding.writeVarUint(out, history.checkpoints.length);
  for (const c of history.checkpoints) {
    encoding.writeVarUint(out, c.seq);
    delta(c.at, at);
    at = c.at;
    encoding.writeVarUint8Array(out, c.state);
  }
  seq = 0;
  at = 0;
  encoding.writeVarUint(out, history.events.length);
  for (const e of history.events) {
    delta(e.seq, seq);
    delta(e.at, at);
    seq = e.seq;
    at = e.at;
    index(e.type);
    index(e.source);
    encoding.writeVarString(out, JSON.stringify(e.data));
  }
  if (history.notes === null) encoding.writeVarUint(out, 0);
  else {
    encoding.writeVarUint(out, history.notes.byteLength + 1);
    encoding.writeUint8Array(out, history.notes);
  }
  return encoding.toUint8Array(out);
}

/** Decodes and validates bytes from `encodeHistory`; throws HistoryFormatError. */
export function decodeHistory(input: Uint8Array): SessionHistory {
  const r = new Reader(input);
  for (const byte of MAGIC) {
    if (r.remaining() === 0 || r.byte() !== byte) {
      throw new HistoryFormatError('HISTORY_BAD_MAGIC', 'These bytes are not a Tandem history.');
    }
  }
  if (r.remaining() === 0) r.truncated();
  const version = r.byte();
  if (version !== HISTORY_FORMAT_VERSION) {
    throw new HistoryFormatError(
      'HISTORY_UNSUPPORTED_VERSION',
      `History format version ${version} is not supported (this build reads ${HISTORY_FORMAT_VERSION}); reload the page to get a newer build.`,
    );
  }
  const strings = r.list(1, () => r.string());
  const pick = (what: string) => {
    const value = strings[r.uint()];
    return value ?? r.invalid(`${what} refers to a missing string`);
  };
  const time = () => {
    const value = r.uint();
    return value === 0 ? null : value - 1;
  };
  const meta: HistoryMeta = {
    sessionId: r.string(),
    documentName: r.string(),
    startedAt: time(),
    endedAt: time(),
  };

  let seq = 0;
  let at = 0;
  const next = (previous: number) => previous + unzigzag(r.uint());
  // Each update row takes at least 7 bytes, which bounds the count read below.
  const updates = r.list(7, (): HistoryUpdate => {
    const rowSeq = next(seq);
    if (rowSeq <= seq) r.invalid(`update seq ${rowSeq} does not follow ${seq}`);
    seq = rowSeq;
    at = next(at);
    const origin = pick('an update origin');
    const senderRole = pick('an update sender role');
    const senderId = pick('an update sender');
    const client = r.uint();
    return {
      seq,
      at,
      origin,
      senderRole,
      senderId,
      clientId: client === 0 ? null : client - 1,
      bytes: r.bytes(),
    };
  });
  at = 0;
  let checkpointSeq = -1;
  const checkpoints = r.list(3, (): HistoryCheckpoint => {
    const cSeq = r.uint();
    if (cSeq <= checkpointSeq) r.invalid(`checkpoint seq ${cSeq} does not follow ${checkpointSeq}`);
    checkpointSeq = cSeq;
    at = next(at);
    return { seq: cSeq, at, state: r.bytes() };
  });
  seq = 0;
  at = 0;
  const events = r.list(5, (): SessionEventRecord => {
    seq = next(seq);
    at = next(at);
    const type = pick('an event type') as SessionEventRecord['type'];
    const source = pick('an event source');
    if (source !== 'client' && source !== 'server') return r.invalid(`event source "${source}"`);
    return { seq, at, type, source, data: r.json() };
  });
  const notesLength = r.uint();
  const notes = notesLength === 0 ? null : r.take(notesLength - 1);
  if (r.remaining() > 0) {
    throw new HistoryFormatError(
      'HISTORY_TRAILING_BYTES',
      `The history has ${r.remaining()} unexpected bytes at its end.`,
    );
  }
  return { meta, updates, checkpoints, events, notes };
}

/** A bounds-checked reader: every malformed input ends in a HistoryFormatError. */
class Reader {
  private readonly input: Uint8Array;
  private pos = 0;
  private readonly text = new TextDecoder('utf-8', { fatal: true });

  constructor(input: Uint8Array) {
    this.input = input;
  }

  remaining(): number {
    return this.input.byteLength - this.pos;
  }

  truncated(): never {
    throw new HistoryFormatError('HISTORY_TRUNCATED', 'The history ends too early.');
  }

  invalid(what: string): never {
    throw new HistoryFormatError('HISTORY_INVALID', `The history is malformed: ${what}.`);
  }

  byte(): number {
    if (this.pos >= this.input.byteLength) this.truncated();
    return this.input[this.pos++]!;
  }

  uint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (value > Number.MAX_SAFE_INTEGER) break;
        return value;
      }
      scale *= 128;
    }
    return this.invalid('a number is too large');
  }

  /** A zero-copy view of the next `length` bytes. */
  take(length: number): Uint8Array {
    if (length > this.remaining()) this.truncated();
    const view = this.input.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  bytes(): Uint8Array {
    return this.take(this.uint());
  }

  string(): string {
    try {
      return this.text.decode(this.bytes());
    } catch (error) {
      if (error instanceof HistoryFormatError) throw error;
      return this.invalid('a string is not UTF-8');
    }
  }

  json(): Record<string, unknown> {
    const text = this.string();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.invalid('event data is not JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.invalid('event data is not an object');
    }
    return value as Record<string, unknown>;
  }

  /** Reads a counted list; `minBytes` per item rejects absurd counts before allocating. */
  list<T>(minBytes: number, item: () => T): T[] {
    const count = this.uint();
    if (count * minBytes > this.remaining()) this.truncated();
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(item());
    return out;
  }
}
