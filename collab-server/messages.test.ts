import { MessageType } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { messageYjsUpdate } from 'y-protocols/sync';
import { readIncomingContent } from './messages.ts';

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, 'session/x');
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, messageYjsUpdate);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('reading a message’s envelope (every extension’s beforeHandleMessage)', () => {
  it('reads a message once: the same message gives the same reading, another message its own', () => {
    const raw = updateMessage(new Uint8Array([1, 2, 3]));
    const first = readIncomingContent(raw);
    expect(first).toEqual({ kind: 'update', update: new Uint8Array([1, 2, 3]) });
    expect(readIncomingContent(raw)).toBe(first);
    const other = updateMessage(new Uint8Array([4]));
    expect(readIncomingContent(other)).toEqual({ kind: 'update', update: new Uint8Array([4]) });
  });

  it('throws on an undecodable message every time it is read', () => {
    const broken = new Uint8Array([200]);
    expect(() => readIncomingContent(broken)).toThrow();
    expect(() => readIncomingContent(broken)).toThrow();
  });
});
