import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeHistory,
  encodeHistory,
  HISTORY_FORMAT_VERSION,
  HistoryFormatError,
  type SessionHistory,
} from './history-format.ts';

/** A small real history: 300 typed updates, two checkpoints, events and notes. */
function recordHistory(): SessionHistory {
  const doc = new Y.Doc();
  doc.clientID = 42;
  const start = Date.UTC(2026, 10, 28, 10);
  const history: SessionHistory = {
    meta: {
      sessionId: 'abc',
      documentName: 'session/abc',
      startedAt: start,
      endedAt: start + 60_000,
    },
    updates: [],
    checkpoints: [],
    events: [],
    notes: null,
  };
  doc.on('update', (bytes: Uint8Array) => {
    const seq = history.updates.length + 1;
    history.updates.push({
      seq,
      at: start + seq * 97,
      origin: seq === 1 ? 'seed' : 'typed',
      senderRole: 'candidate',
      senderId: 'cand',
      clientId: 42,
      bytes,
    });
    if (seq % 150 === 0)
      history.checkpoints.push({ seq, at: start + seq * 97, state: Y.encodeStateAsUpdate(doc) });
  });
  const files = doc.getMap<Y.Text>('files');
  files.set('main.ts', new Y.Text('// start\n'));
  for (let i = 0; i < 299; i++)
    files.get('main.ts')!.insert(9 + i, String.fromCharCode(97 + (i % 26)));
  history.events.push(
    { seq: 1, at: start + 10, type: 'focus', source: 'client', data: { focused: false } },
    {
      seq: 2,
      at: start + 20,
      type: 'test_result',
      source: 'server',
      data: { name: 'adds', passed: true },
    },
  );
  const notes = new Y.Doc();
  notes.getArray('entries').push(['a note']);
  history.notes = Y.encodeStateAsUpdate(notes);
  return history;
}

const history = recordHistory();

function codeOf(bytes: Uint8Array): string | null {
  try {
    decodeHistory(bytes);
    return null;
  } catch (error) {
    if (error instanceof HistoryFormatError) return error.code;
    throw error;
  }
}

/** The same history as JSON with base64 per update, the format this one replaces. */
function asJson(h: SessionHistory): string {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return JSON.stringify({
    meta: h.meta,
    updates: h.updates.map((u) => ({
      ...u,
      at: new Date(u.at).toISOString(),
      bytes: b64(u.bytes),
    })),
    checkpoints: h.checkpoints.map((c) => ({
      ...c,
      at: new Date(c.at).toISOString(),
      state: b64(c.state),
    })),
    events: h.events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    notes: h.notes && b64(h.notes),
  });
}

describe('the history format', () => {
  it('round-trips a session with updates, checkpoints, events and notes', () => {
    expect(history.checkpoints.length).toBeGreaterThan(0);
    expect(decodeHistory(encodeHistory(history))).toEqual(history);
  });

  it('round-trips empty lists, missing times, unknown clients and absent notes', () => {
    const sparse: SessionHistory = {
      meta: { sessionId: 's-é', documentName: 'session/s', startedAt: null, endedAt: null },
      updates: [
        {
          seq: 5,
          at: 0,
          origin: 'typed',
          senderRole: 'candidate',
          senderId: 'c',
          clientId: null,
          bytes: new Uint8Array(),
        },
        {
          seq: 9,
          at: 2 ** 41,
          origin: 'new-origin',
          senderRole: 'service',
          senderId: 'b',
          clientId: 2 ** 32 - 1,
          bytes: new Uint8Array([1, 2]),
        },
      ],
      checkpoints: [],
      events: [
        {
          seq: 3,
          at: 2 ** 41 - 5,
          type: 'focus',
          source: 'client',
          data: { focused: false, note: '✓ 🎉' },
        },
      ],
      notes: null,
    };
    expect(decodeHistory(encodeHistory(sparse))).toEqual(sparse);
    const empty: SessionHistory = { ...sparse, updates: [], events: [], notes: new Uint8Array() };
    expect(decodeHistory(encodeHistory(empty))).toEqual(empty);
  });

  it('is much smaller than JSON with base64 updates', () => {
    const binary = encodeHistory(history).byteLength;
    expect(binary).toBeLessThan(new TextEncoder().encode(asJson(history)).byteLength / 2);
  });

  it('encodes the same history to the same bytes, so a hash of them can be an ETag', () => {
    expect(encodeHistory(history)).toEqual(encodeHistory(decodeHistory(encodeHistory(history))));
  });

  it('rejects other bytes, other versions and trailing bytes with a code', () => {
    const bytes = encodeHistory(history);
    expect(codeOf(new TextEncoder().encode('{"updates":[]}'))).toBe('HISTORY_BAD_MAGIC');
    expect(codeOf(new Uint8Array())).toBe('HISTORY_BAD_MAGIC');
    const future = bytes.slice();
    future[4] = HISTORY_FORMAT_VERSION + 1;
    expect(codeOf(future)).toBe('HISTORY_UNSUPPORTED_VERSION');
    expect(codeOf(new Uint8Array([...bytes, 0]))).toBe('HISTORY_TRAILING_BYTES');
  });

  it('rejects every truncation of a valid history with a code', () => {
    const bytes = encodeHistory(history);
    const step = Math.max(1, Math.floor(bytes.length / 2000));
    for (let end = 0; end < bytes.length; end += step) {
      expect(codeOf(bytes.subarray(0, end)), `first ${end} bytes`).not.toBeNull();
    }
  });

  it('rejects decreasing sequence numbers and references to missing strings', () => {
    const backwards = {
      ...history,
      updates: [history.updates[1]!, history.updates[0]!],
    };
    expect(codeOf(encodeHistory(backwards))).toBe('HISTORY_INVALID');
    const out = encoding.createEncoder();
    for (const byte of [0x54, 0x4e, 0x44, 0x48, HISTORY_FORMAT_VERSION])
      encoding.writeUint8(out, byte);
    encoding.writeVarUint(out, 0); // no strings
    encoding.writeVarString(out, 's');
    encoding.writeVarString(out, 'session/s');
    encoding.writeVarUint(out, 0);
    encoding.writeVarUint(out, 0);
    encoding.writeVarUint(out, 1); // one update
    for (const value of [2, 0, 7, 0, 0, 0, 0]) encoding.writeVarUint(out, value);
    expect(codeOf(encoding.toUint8Array(out))).toBe('HISTORY_INVALID');
  });

  it('answers random corruption with a history or a coded error, never anything else', () => {
    const bytes = encodeHistory(history);
    let state = 1;
    const random = () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    for (let i = 0; i < 400; i++) {
      const damaged = bytes.slice();
      for (let k = 0; k < 3; k++)
        damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      codeOf(damaged);
    }
  });
});
