import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LocalEdits } from './local-edits.ts';
import { NotesModel } from './notes-model.ts';

const untagged = { run: <T>(_origin: unknown, edit: () => T) => edit() };

function notesFor(doc: Y.Doc, author: { id: string; name: string }, now: () => number) {
  return new NotesModel({ doc, edits: new LocalEdits(doc, untagged), author, sessionTimeMs: now });
}

describe('NotesModel', () => {
  it('stamps each note with the session time and lists them in session order', () => {
    const doc = new Y.Doc();
    let clock = 90_000;
    const notes = notesFor(doc, { id: 'u1', name: 'Grace' }, () => clock);
    notes.add('  Second thought  ');
    clock = 30_500;
    notes.add('First thought');
    notes.add('   ');
    expect(notes.list().map((n) => [n.sessionTimeMs, n.text, n.authorName, n.mine])).toEqual([
      [30_500, 'First thought', 'Grace', true],
      [90_000, 'Second thought', 'Grace', true],
    ]);
  });

  it("edits with a minimal change and never touches another author's note", () => {
    const doc = new Y.Doc();
    const mine = notesFor(doc, { id: 'u1', name: 'Grace' }, () => 1000);
    const theirs = notesFor(doc, { id: 'u2', name: 'Alan' }, () => 2000);
    mine.add('Good naming');
    theirs.add('Slow start');
    const [own, other] = mine.list();

    const text = doc.getArray<Y.Map<unknown>>('entries').get(0).get('text') as Y.Text;
    const deltas: unknown[] = [];
    text.observe((event) => deltas.push(event.delta));
    mine.update(own!.id, 'Good naming and tests');
    expect(deltas).toEqual([[{ retain: 11 }, { insert: ' and tests' }]]);

    mine.update(other!.id, 'rewritten');
    mine.remove(other!.id);
    expect(theirs.list().map((n) => n.text)).toEqual(['Good naming and tests', 'Slow start']);
    mine.remove(own!.id);
    expect(theirs.list().map((n) => n.text)).toEqual(['Slow start']);
  });
});
