import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { silentLogger } from '../../protocol/logger.ts';
import type { SandboxHandle } from '../driver/types.ts';
import { eventually, startTestDriver, type TestDriver } from '../test-support/local-sandbox.ts';
import type { OpenDocument } from './document-source.ts';
import { FolderBaseStore } from './mirror-bases.ts';
import { WorkspaceMirror } from './workspace-mirror.ts';

// A bridge taking a session over (decision 024) starts its mirror on the
// shared disk and mirror state, with the document as the collab-server has
// it. Shell lines on disk were acknowledged to the candidate: whatever the
// document and the stored bases say, the takeover must not write them away.

let harness: TestDriver;
let stateRoot: string;
let counter = 0;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  harness = await startTestDriver();
  stateRoot = mkdtempSync(join(tmpdir(), 'tandem-mirror-state-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(async () => {
  await harness?.cleanup();
  rmSync(stateRoot, { recursive: true, force: true });
});

const OWN = Symbol('bridge');

/** The bridge's view of the document: a plain Y.Doc, its own edits marked. */
function localDocument(doc: Y.Doc): OpenDocument {
  return {
    doc,
    transact: (_origin, change) => doc.transact(() => change(doc), OWN),
    isOwn: (transaction) => transaction.origin === OWN,
    close: async () => {},
  };
}

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line-${from + i}\n`).join('');

async function takeover(options: { doc: Y.Doc; disk: Record<string, string> }) {
  counter += 1;
  const sandbox: SandboxHandle = await harness.driver.create(`takeover-${counter}`);
  for (const [path, content] of Object.entries(options.disk))
    await sandbox.writeFile(path, content);
  const bases = new FolderBaseStore(join(stateRoot, `session-${counter}`));
  const mirror = new WorkspaceMirror({
    sandbox,
    document: localDocument(options.doc),
    logger: silentLogger(),
    bases,
    scanIntervalMs: 100,
    writeDelayMs: 5,
  });
  cleanups.push(async () => {
    await mirror.stop();
    await harness.driver.destroy(sandbox.id);
  });
  const read = async (path: string) => {
    const bytes = await sandbox.readFile(path);
    return bytes ? new TextDecoder().decode(bytes) : null;
  };
  return { sandbox, mirror, bases, read };
}

const fileText = (doc: Y.Doc, path: string) =>
  doc.getMap<Y.Text>(SESSION_DOC.files).get(path)?.toString();

test('a file the new owner imported loses a creation race to the dead owner’s copy: the disk lines are kept', async () => {
  // The dead owner had created log.txt in the document (lines 1–12); the
  // collab-server the new owner reached did not have it yet, so the new
  // owner imported the file from disk as its own Y.Text (lines 1–48).
  const dead = new Y.Doc();
  dead.clientID = 0x7fff_fff0; // the higher client id wins the map conflict in Yjs
  dead.getMap<Y.Text>(SESSION_DOC.files).set('log.txt', new Y.Text(lines(1, 12)));
  const doc = new Y.Doc();
  doc.clientID = 1;
  const s = await takeover({ doc, disk: { 'log.txt': lines(1, 48) } });
  await s.mirror.start();
  expect(fileText(doc, 'log.txt')).toBe(lines(1, 48));

  // Then the dead owner's update arrives: its text wins the key.
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(dead));
  expect(fileText(doc, 'log.txt')).toBe(lines(1, 12));
  await s.mirror.flush();
  await eventually(
    async () => ((await s.read('log.txt')) === fileText(doc, 'log.txt') ? true : undefined),
    5000,
    'disk and document agree',
  );
  for (let line = 1; line <= 48; line++) {
    expect(fileText(doc, 'log.txt')).toContain(`line-${line}\n`);
    expect(await s.read('log.txt')).toContain(`line-${line}\n`);
  }
});

test('a takeover with no stored base merges the disk into the document instead of overwriting it', async () => {
  // The base was never stored (the dead owner's write of it was refused or cut).
  const doc = new Y.Doc();
  doc.getMap<Y.Text>(SESSION_DOC.files).set('log.txt', new Y.Text(lines(1, 12)));
  const s = await takeover({ doc, disk: { 'log.txt': lines(1, 48) } });
  await s.mirror.start();
  await s.mirror.flush();
  expect(fileText(doc, 'log.txt')).toBe(lines(1, 48));
  expect(await s.read('log.txt')).toBe(lines(1, 48));
});

test('a takeover whose stored base is older than the document does not duplicate what both have', async () => {
  // The dead owner stored base 1–5, then imported 6–12 into the document and died.
  const doc = new Y.Doc();
  doc.getMap<Y.Text>(SESSION_DOC.files).set('log.txt', new Y.Text(lines(1, 12)));
  const s = await takeover({ doc, disk: { 'log.txt': lines(1, 14) } });
  await s.bases.save('log.txt', lines(1, 5));
  await s.mirror.start();
  await s.mirror.flush();
  expect(fileText(doc, 'log.txt')).toBe(lines(1, 14));
  expect(await s.read('log.txt')).toBe(lines(1, 14));
});

test('a document behind the stored base (a collab-server lost updates) does not delete what it lacks', async () => {
  // The dead owner imported lines 13–48, the collab-server acknowledged them,
  // the base was stored with the document's state vector, and that server died
  // before passing the update on: the new owner reads a document with 1–12.
  const dead = new Y.Doc();
  const log = new Y.Text(lines(1, 12));
  dead.getMap<Y.Text>(SESSION_DOC.files).set('log.txt', log);
  const early = Y.encodeStateAsUpdate(dead);
  log.insert(log.length, lines(13, 48));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, early);
  const s = await takeover({ doc, disk: { 'log.txt': lines(1, 49) } });
  await s.bases.save('log.txt', lines(1, 48), Y.encodeStateVector(dead));
  await s.mirror.start();
  await s.mirror.flush();
  expect(fileText(doc, 'log.txt')).toBe(lines(1, 49));
  expect(await s.read('log.txt')).toBe(lines(1, 49));
});

test('a file missing from a document behind the stored base stays on disk and comes back', async () => {
  const dead = new Y.Doc();
  dead.getMap<Y.Text>(SESSION_DOC.files).set('main.ts', new Y.Text('x'));
  const early = Y.encodeStateAsUpdate(dead);
  dead.getMap<Y.Text>(SESSION_DOC.files).set('log.txt', new Y.Text(lines(1, 12)));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, early);
  const s = await takeover({ doc, disk: { 'main.ts': 'x', 'log.txt': lines(1, 12) } });
  await s.bases.save('log.txt', lines(1, 12), Y.encodeStateVector(dead));
  await s.mirror.start();
  await s.mirror.flush();
  expect(await s.read('log.txt')).toBe(lines(1, 12));
  expect(fileText(doc, 'log.txt')).toBe(lines(1, 12));
});

test('a document that is not behind the base still deletes on disk what the editor deleted', async () => {
  const doc = new Y.Doc();
  const text = new Y.Text(lines(1, 12));
  doc.getMap<Y.Text>(SESSION_DOC.files).set('notes.txt', text);
  const s = await takeover({ doc, disk: { 'notes.txt': lines(1, 12) } });
  await s.bases.save('notes.txt', lines(1, 12), Y.encodeStateVector(doc));
  // Deleted in the editor while no bridge mirrored the session.
  text.delete(0, lines(1, 6).length);
  await s.mirror.start();
  await s.mirror.flush();
  expect(await s.read('notes.txt')).toBe(lines(7, 12));
});
