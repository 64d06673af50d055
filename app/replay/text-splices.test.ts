import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pseudoRandom } from './fixtures/random.ts';
import { type Splice, type TextMarker, textSplices } from './text-splices.ts';

/** Yjs' own (slow) delta as splices, the reference for `textSplices`. */
function splicesOfDelta(delta: Y.YTextEvent['delta']): Splice[] {
  const out: Splice[] = [];
  let cursor = 0;
  for (const op of delta) {
    if (op.retain !== undefined) cursor += op.retain;
    else if (op.delete !== undefined) out.push([cursor, op.delete, '']);
    else if (typeof op.insert === 'string') {
      out.push([cursor, 0, op.insert]);
      cursor += op.insert.length;
    }
  }
  return out;
}

function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  for (const [position, remove, insert] of splices) {
    out = out.slice(0, position) + insert + out.slice(position + remove);
  }
  return out;
}

describe('textSplices', () => {
  it('reproduces every transaction of three concurrent writers, as Yjs deltas do, with updates arriving out of order', () => {
    const random = pseudoRandom(11);
    const writers = [1, 2, 3].map((id) => {
      const doc = new Y.Doc();
      doc.clientID = id;
      return doc;
    });
    const replica = new Y.Doc();
    const text = replica.getText('t');
    let mirror = '';
    let marker: TextMarker | null = null;
    let checked = 0;
    text.observe((event) => {
      const ours = textSplices(text, event.transaction, marker);
      marker = ours.marker;
      const theirs = splicesOfDelta(event.delta);
      expect(applySplices(mirror, ours.splices)).toBe(applySplices(mirror, theirs));
      mirror = applySplices(mirror, ours.splices);
      expect(mirror).toBe(text.toString());
      checked++;
    });
    const pending: Uint8Array[] = [];
    const late: Uint8Array[] = [];
    for (const doc of writers) doc.on('update', (update: Uint8Array) => pending.push(update));
    for (let round = 0; round < 400; round++) {
      // Each writer edits its own copy, then everything is exchanged: concurrent edits.
      for (const doc of writers) {
        const t = doc.getText('t');
        doc.transact(() => {
          for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
            const at = Math.floor(random() * (t.length + 1));
            if (random() < 0.35 && t.length > 0)
              t.delete(Math.min(at, t.length - 1), 1 + Math.floor(random() * 4));
            else
              t.insert(
                at,
                random() < 0.1 ? 'long insert ' : String.fromCharCode(97 + (round % 26)),
              );
          }
        });
      }
      const batch = pending.splice(0);
      for (const doc of writers) for (const update of batch) Y.applyUpdate(doc, update);
      // The replica gets them shuffled and some a round late, so Yjs must
      // hold updates whose dependencies are missing and integrate them later.
      const arriving = [...late.splice(0), ...batch].sort(() => random() - 0.5);
      for (const update of arriving) {
        if (random() < 0.15 && round < 399) late.push(update);
        else Y.applyUpdate(replica, update);
      }
    }
    for (const update of late) Y.applyUpdate(replica, update);
    expect(checked).toBeGreaterThan(1000);
    expect(mirror).toBe(writers[0]!.getText('t').toString());
  });
});
