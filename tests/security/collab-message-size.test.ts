import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  eventually,
  filesOf,
  settled,
} from '../../collab-server/testing/clients.ts';
import { tokenFor } from '../../collab-server/testing/fixtures.ts';
import { sendRawSync } from '../../collab-server/testing/raw-messages.ts';
import { historyOf } from '../../collab-server/testing/servers.ts';
import { useCollabStack } from '../../collab-server/testing/stack.ts';
import { CLOSE_REASONS } from '../../protocol/close-reasons.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { LIMITS } from '../../protocol/limits.ts';

/** A sync step 2 that creates one file of `chars` characters. */
function bigStep2(chars: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap<Y.Text>('files').set('big.txt', new Y.Text('z'.repeat(chars)));
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Attack (issue 12): a 7.9 MB sync step 2 was accepted (a 7,340,032
 * character file was stored and mirrored to disk) and another session's
 * round trip went to 9.1 s while it was applied. Now a step 2 is capped at
 * `maxSyncBytes` (1 MB, `updateTooLarge`), and `ws` closes the socket (1009)
 * on any frame larger than the largest message anyone may send, before
 * reading it.
 */
describe('size caps on every incoming message', () => {
  const stack = useCollabStack(5, { HISTORY_FLUSH_MS: '20' });

  async function candidateAndBystander() {
    const session = stack.nextSession();
    const name = sessionDocumentName(session.sessionId);
    const token = await tokenFor(session, 'candidate');
    const [candidate, bystander] = [0, 1].map(() => connectClient(stack.collab.url, name, token));
    stack.track(candidate!, bystander!);
    await settled(candidate!);
    await settled(bystander!);
    const serverDoc = () => stack.collab.server.hocuspocus.documents.get(name)!;
    return { name, candidate: candidate!, serverDoc };
  }

  it('closes the socket on a 7.9 MB sync step 2 and stores nothing of it', async () => {
    const { name, candidate, serverDoc } = await candidateAndBystander();
    sendRawSync(candidate, 'step2', bigStep2(7_340_032));
    await eventually(() => candidate.closes.length > 0, 'the server closes the socket');
    candidate.destroy();
    expect(candidate.closes[0]!.code).toBe(1009);
    expect(filesOf(serverDoc())).toEqual({});
    expect(await historyOf(stack.database.db, name)).toEqual([]);
  });

  it('refuses a sync step 2 over maxSyncBytes with updateTooLarge', async () => {
    const { candidate, serverDoc } = await candidateAndBystander();
    const update = bigStep2(LIMITS.maxSyncBytes + 16);
    expect(update.byteLength).toBeGreaterThan(LIMITS.maxSyncBytes);
    sendRawSync(candidate, 'step2', update);
    await eventually(() => candidate.closes.length > 0, 'the server closes the socket');
    candidate.destroy();
    expect(candidate.closes[0]).toEqual(CLOSE_REASONS.updateTooLarge);
    expect(filesOf(serverDoc())).toEqual({});
  });

  it('still accepts a sync step 2 of reasonable size', async () => {
    const { candidate, serverDoc } = await candidateAndBystander();
    sendRawSync(candidate, 'step2', bigStep2(100_000));
    await eventually(() => serverDoc().getMap('files').has('big.txt'), 'the file arrives');
    expect(candidate.closes).toEqual([]);
  });
});
