import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LIMITS } from '../../protocol/limits.ts';
import type { EditOrigin } from '../../protocol/origins.ts';
import { LocalEdits } from './local-edits.ts';
import { SessionFiles } from './session-files.ts';

function setup(files: Record<string, string> = {}) {
  const doc = new Y.Doc();
  const tags: EditOrigin[] = [];
  const transactions: unknown[] = [];
  doc.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));
  const edits = new LocalEdits(doc, {
    run: (origin, edit) => {
      tags.push(origin);
      return edit();
    },
  });
  const model = new SessionFiles(doc, edits);
  doc.transact(() => {
    for (const [path, text] of Object.entries(files)) model.files.set(path, new Y.Text(text));
  }, 'seed');
  transactions.length = 0;
  return { doc, model, tags, transactions };
}

describe('SessionFiles', () => {
  it('creates a file and a folder each in one transaction tagged file-op', () => {
    const { model, tags, transactions } = setup();
    expect(model.createFile('src/main.ts')).toEqual({ ok: true, path: 'src/main.ts' });
    expect(model.createFolder('docs')).toEqual({ ok: true, path: 'docs' });
    expect(tags).toEqual(['file-op', 'file-op']);
    expect(transactions).toHaveLength(2);
    expect(model.listFiles()).toEqual(['src/main.ts']);
    expect(model.isFolder('src')).toBe(true);
    expect(model.listFolders()).toEqual(['docs']);
  });

  it('refuses hostile and clashing paths with a code and changes nothing', () => {
    const { model, transactions } = setup({ 'a.ts': '' });
    expect(model.createFile('../x.ts')).toMatchObject({ ok: false, code: 'BAD_PATH' });
    expect(model.createFile('/etc/passwd')).toMatchObject({ ok: false, code: 'BAD_PATH' });
    expect(model.createFile('bad\u0000name')).toMatchObject({ ok: false, code: 'BAD_PATH' });
    expect(model.createFile('a.ts')).toMatchObject({ ok: false, code: 'EXISTS' });
    expect(model.createFile('a.ts/b.ts')).toMatchObject({ ok: false, code: 'PARENT_IS_FILE' });
    expect(transactions).toHaveLength(0);
  });

  it('stops at the files-per-session limit', () => {
    const files = Object.fromEntries(
      Array.from({ length: LIMITS.maxFilesPerSession }, (_, i) => [`f${i}.ts`, '']),
    );
    const { model } = setup(files);
    expect(model.createFile('one-more.ts')).toMatchObject({ ok: false, code: 'TOO_MANY_FILES' });
  });

  it('renames a file keeping its text', () => {
    const { model, transactions } = setup({ 'old.ts': 'const a = 1;' });
    expect(model.rename('old.ts', 'lib/new.ts')).toEqual({ ok: true, path: 'lib/new.ts' });
    expect(model.listFiles()).toEqual(['lib/new.ts']);
    expect(model.text('lib/new.ts')?.toString()).toBe('const a = 1;');
    expect(transactions).toHaveLength(1);
  });

  it('renames a folder with its files and subfolders in one transaction', () => {
    const { model, transactions } = setup({
      'src/a.ts': 'a',
      'src/deep/b.ts': 'b',
      'other.ts': '',
    });
    model.createFolder('src/empty');
    transactions.length = 0;
    expect(model.rename('src', 'lib')).toEqual({ ok: true, path: 'lib' });
    expect(model.listFiles()).toEqual(['lib/a.ts', 'lib/deep/b.ts', 'other.ts']);
    expect(model.listFolders()).toEqual(['lib', 'lib/empty']);
    expect(model.text('lib/deep/b.ts')?.toString()).toBe('b');
    expect(transactions).toHaveLength(1);
    expect(model.rename('lib', 'lib/inner')).toMatchObject({ ok: false, code: 'BAD_PATH' });
  });

  it('deletes a folder with everything under it, leaving siblings with the same prefix', () => {
    const { model } = setup({ 'src/a.ts': '', 'src/b/c.ts': '', 'srcs.ts': '' });
    model.createFolder('src/empty');
    expect(model.remove('src')).toEqual({ ok: true, path: 'src' });
    expect(model.listFiles()).toEqual(['srcs.ts']);
    expect(model.listFolders()).toEqual([]);
    expect(model.remove('nope')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});
