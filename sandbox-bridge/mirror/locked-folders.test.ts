import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { silentLogger } from '../../protocol/logger.ts';
import { connectClient, startTestCollab, type TestCollab } from '../test-support/collab.ts';
import { eventually, startTestDriver, type TestDriver } from '../test-support/local-sandbox.ts';
import { WorkspaceMirror } from './workspace-mirror.ts';

let collab: TestCollab;
let harness: TestDriver;

beforeAll(async () => {
  collab = await startTestCollab();
  harness = await startTestDriver();
});
afterAll(async () => {
  await collab?.close();
  await harness?.cleanup();
});

/**
 * Decision 027: once a problem is done its folder is locked; the shell can
 * still write the disk, but the mirror keeps the document's text and puts it
 * back on disk, so the final grading (which flushes the mirror first) sees
 * the state at Done.
 */
describe('the mirror and a locked problem folder', () => {
  test('shell writes, deletions and new files in a locked folder never reach the document, and the disk is restored', async () => {
    const name = 'session/mirror-locked';
    const sandbox = await harness.driver.create('mirror-locked');
    const client = await connectClient(collab.url, name);
    client.doc.transact(() => {
      const files = client.doc.getMap<Y.Text>(SESSION_DOC.files);
      files.set('1-a/solution.ts', new Y.Text('done\n'));
      files.set('1-a/other.ts', new Y.Text('other\n'));
      files.set('2-b/solution.ts', new Y.Text('open\n'));
      client.doc.getMap<boolean>(SESSION_DOC.locked).set('1-a', true);
    });
    const document = await collab.documents.open(name);
    await eventually(() =>
      document.doc.getMap(SESSION_DOC.locked).has('1-a') &&
      document.doc.getMap(SESSION_DOC.files).size === 3
        ? true
        : undefined,
    );
    const mirror = new WorkspaceMirror({
      sandbox,
      document,
      logger: silentLogger(),
      scanIntervalMs: 250,
    });
    await mirror.start();
    const read = async (path: string) => {
      const bytes = await sandbox.readFile(path);
      return bytes ? new TextDecoder().decode(bytes) : null;
    };
    const text = (path: string) =>
      client.doc.getMap<Y.Text>(SESSION_DOC.files).get(path)?.toString();
    try {
      await sandbox.exec([
        'sh',
        '-c',
        'printf "changed after done\\n" > 1-a/solution.ts && rm 1-a/other.ts && printf "x\\n" > 1-a/new.ts && printf "still open\\n" > 2-b/solution.ts',
      ]);
      await mirror.flush();
      // The open problem's change comes in, as any shell change does…
      await eventually(() => (text('2-b/solution.ts') === 'still open\n' ? true : undefined));
      // …the locked one's do not, and the disk holds the document's text again.
      expect(text('1-a/solution.ts')).toBe('done\n');
      expect(text('1-a/other.ts')).toBe('other\n');
      expect(text('1-a/new.ts')).toBeUndefined();
      await eventually(async () =>
        (await read('1-a/solution.ts')) === 'done\n' ? true : undefined,
      );
      await eventually(async () => ((await read('1-a/other.ts')) === 'other\n' ? true : undefined));
      // A file the shell added to the finished problem is removed from disk: it cannot be graded.
      await eventually(async () => ((await read('1-a/new.ts')) === null ? true : undefined));
    } finally {
      await mirror.stop();
      await document.close();
      client.close();
      await harness.driver.destroy(sandbox.id);
    }
  });
});
