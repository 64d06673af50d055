import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { type Delta, diffText, rebaseChange } from './text-merge.ts';

/** Applies `typing` to a Y.Text holding `base`, then merges the disk text in. */
function merge(base: string, typing: (text: Y.Text) => void, disk: string): string {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, base);
  const deltas: Delta[] = [];
  text.observe((event) => deltas.push(event.delta as Delta));
  typing(text);
  const change = diffText(base, disk);
  if (change) {
    const rebased = rebaseChange(change, deltas);
    doc.transact(() => {
      for (const [start, end] of rebased.deletions) text.delete(start, end - start);
      if (rebased.insert) text.insert(rebased.insertAt, rebased.insert);
    });
  }
  return text.toString();
}

describe('diffText', () => {
  test('finds the one changed range', () => {
    expect(diffText('hello world', 'hello brave world')).toEqual({
      index: 6,
      deleteCount: 0,
      insert: 'brave ',
    });
    expect(diffText('abc', 'abc')).toBeNull();
    expect(diffText('abcdef', 'abXYef')).toEqual({ index: 2, deleteCount: 2, insert: 'XY' });
  });

  test('never splits a surrogate pair', () => {
    const change = diffText('a😀b', 'a😃b');
    expect(change).toEqual({ index: 1, deleteCount: 2, insert: '😃' });
  });
});

describe('a disk change merged into a document being typed in', () => {
  test('an append on disk keeps what was typed at the start', () => {
    const result = merge('line 1\n', (t) => t.insert(0, '// typed\n'), 'line 1\nappended\n');
    expect(result).toBe('// typed\nline 1\nappended\n');
  });

  test('an edit on disk before the typing point shifts nothing typed', () => {
    const result = merge('aaa bbb ccc', (t) => t.insert(11, '!'), 'AAA bbb ccc');
    expect(result).toBe('AAA bbb ccc!');
  });

  test('a disk deletion spanning typed text deletes only the base characters', () => {
    const result = merge('0123456789', (t) => t.insert(5, 'TYPED'), '0129');
    expect(result).toBe('012TYPED9');
  });

  test('text the document already deleted is not deleted twice', () => {
    const result = merge('abcdefgh', (t) => t.delete(2, 4), 'abgh');
    expect(result).toBe('abgh');
  });

  test('both sides inserting at the same place keep both insertions', () => {
    const result = merge('x', (t) => t.insert(1, 'typed'), 'xdisk');
    expect(result).toContain('typed');
    expect(result).toContain('disk');
  });
});
