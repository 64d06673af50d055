import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  eventually,
  filesOf,
  settled,
  type TestClient,
} from '../../collab-server/testing/clients.ts';
import { tokenFor } from '../../collab-server/testing/fixtures.ts';
import { sendRawSync } from '../../collab-server/testing/raw-messages.ts';
import { useCollabStack } from '../../collab-server/testing/stack.ts';
import { CLOSE_REASONS, type CloseReasonName } from '../../protocol/close-reasons.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { LIMITS } from '../../protocol/limits.ts';

/**
 * Attack (issue 12): an update in which a *deleted* item of a low client id
 * sets a key of `files` and an item of a higher client id carries the value.
 * Yjs encodes the higher client first, so a struct-by-struct reading met the
 * value before the key it inherits and let it through: it stored
 * `../../../../../../tmp/x`, values that are not Y.Text, and 1,005 files
 * against a limit of 200. Now the server judges what the update does to the
 * document and closes the socket with the named reason; the document is
 * unchanged.
 */
function craftedUpdate(entries: [string, unknown][]): Uint8Array {
  const low = new Y.Doc();
  low.clientID = 1000;
  const high = new Y.Doc();
  high.clientID = 2000;
  const lowFiles = low.getMap<unknown>('files');
  low.transact(() => {
    for (const [key] of entries) lowFiles.set(key, new Y.Text('placeholder'));
  });
  Y.applyUpdate(high, Y.encodeStateAsUpdate(low));
  const highFiles = high.getMap<unknown>('files');
  high.transact(() => {
    for (const [key, value] of entries) highFiles.set(key, value);
  });
  return Y.encodeStateAsUpdate(high);
}

describe('crafted updates that hide what they write', () => {
  const stack = useCollabStack(10, { HISTORY_FLUSH_MS: '20' });

  async function hostileCandidate() {
    const session = stack.nextSession();
    const name = sessionDocumentName(session.sessionId);
    const token = await tokenFor(session, 'candidate');
    const candidate = connectClient(stack.collab.url, name, token);
    stack.track(candidate);
    await settled(candidate);
    candidate.doc.getMap<Y.Text>('files').set('src/main.ts', new Y.Text('hello'));
    await settled(candidate);
    // A second tab keeps the document loaded after the hostile one is closed.
    const bystander = connectClient(stack.collab.url, name, token);
    stack.track(bystander);
    await settled(bystander);
    const serverDoc = () => stack.collab.server.hocuspocus.documents.get(name)!;
    return { candidate, serverDoc };
  }

  async function expectRefused(client: TestClient, reason: CloseReasonName) {
    await eventually(() => client.closes.length > 0, `the server closes with ${reason}`);
    expect(client.closes[0]).toEqual(CLOSE_REASONS[reason]);
    client.destroy();
  }

  it('refuses a hidden key that climbs out of the workspace', async () => {
    const { candidate, serverDoc } = await hostileCandidate();
    Y.applyUpdate(candidate.doc, craftedUpdate([['../../../../../../tmp/x', new Y.Text('owned')]]));
    await expectRefused(candidate, 'badPath');
    expect(filesOf(serverDoc())).toEqual({ 'src/main.ts': 'hello' });
  });

  it('refuses a hidden key whose value is a string or null', async () => {
    for (const value of ['a plain string', null]) {
      const { candidate, serverDoc } = await hostileCandidate();
      Y.applyUpdate(candidate.doc, craftedUpdate([['src/data.ts', value]]));
      await expectRefused(candidate, 'malformed');
      expect([...serverDoc().getMap('files').keys()]).toEqual(['src/main.ts']);
    }
  });

  it('refuses 1,005 hidden files against a limit of 200', async () => {
    const { candidate, serverDoc } = await hostileCandidate();
    const entries: [string, unknown][] = [];
    for (let i = 0; i < 1005; i++) entries.push([`spam/${i}.txt`, new Y.Text('x')]);
    Y.applyUpdate(candidate.doc, craftedUpdate(entries));
    await expectRefused(candidate, 'tooManyFiles');
    expect(serverDoc().getMap('files').size).toBe(1);
  });

  it('refuses a file longer than the file limit', async () => {
    const { candidate, serverDoc } = await hostileCandidate();
    const text = candidate.doc.getMap<Y.Text>('files').get('src/main.ts')!;
    // Two updates that each stay under the update limit, growing one file past its limit.
    const chunk = 'y'.repeat(LIMITS.maxUpdateBytes - 1024);
    let refused = false;
    for (let written = 0; written <= LIMITS.maxFileChars && !refused; written += chunk.length) {
      text.insert(text.length, chunk);
      await eventually(
        () => candidate.closes.length > 0 || !candidate.provider.hasUnsyncedChanges,
        'the server answers',
      );
      refused = candidate.closes.length > 0;
    }
    await expectRefused(candidate, 'fileTooLarge');
    expect(serverDoc().getMap<Y.Text>('files').get('src/main.ts')!.length).toBeLessThanOrEqual(
      LIMITS.maxFileChars,
    );
  });

  it('refuses a value sent ahead of the deleted key it inherits, when the key arrives', async () => {
    const { candidate, serverDoc } = await hostileCandidate();
    const low = new Y.Doc();
    low.clientID = 1000;
    low.getMap('files').set('../pending-escape', new Y.Text('placeholder'));
    const high = new Y.Doc();
    high.clientID = 2000;
    Y.applyUpdate(high, Y.encodeStateAsUpdate(low));
    high.getMap('files').set('../pending-escape', new Y.Text('b'));
    const full = Y.encodeStateAsUpdate(high);
    // Client 2000's value alone: Yjs keeps it pending, its key's item is missing.
    const valueOnly = Y.diffUpdate(full, Y.encodeStateVector(low));
    // Then client 1000's key item alone, deleted by then, which completes it.
    const keyOnly = Y.diffUpdate(full, Y.encodeStateVectorFromUpdate(valueOnly));
    sendRawSync(candidate, 'update', valueOnly);
    sendRawSync(candidate, 'update', keyOnly);
    await expectRefused(candidate, 'badPath');
    expect(filesOf(serverDoc())).toEqual({ 'src/main.ts': 'hello' });
  });
});
