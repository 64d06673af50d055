import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  eventually,
  settled,
  type TestClient,
} from '../../collab-server/testing/clients.ts';
import { tokenFor } from '../../collab-server/testing/fixtures.ts';
import { sendRawAwareness } from '../../collab-server/testing/raw-messages.ts';
import { useCollabStack } from '../../collab-server/testing/stack.ts';
import { CLOSE_REASONS } from '../../protocol/close-reasons.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';

/**
 * Attacks (issue 12): 40 awareness messages of 1 MB stalled other sessions
 * 1.7–3.7 s, and an observer overwrote the candidate's presence (their name
 * became "SPOOFED-BY-OBSERVER"). Now a presence message is at most 16 KB
 * (`presenceRefused`), a connection's presence updates beyond its rate are
 * dropped, a connection may set only its own client's state, and the server
 * writes the name and role from the token.
 */
describe('presence (awareness) from clients', () => {
  const PER_SECOND: number = 5;
  const stack = useCollabStack(6, {}, { maxAwarenessPerSecond: PER_SECOND });

  async function candidateAndObserver() {
    const session = stack.nextSession();
    const name = sessionDocumentName(session.sessionId);
    const candidate = connectClient(stack.collab.url, name, await tokenFor(session, 'candidate'));
    const observer = connectClient(stack.collab.url, name, await tokenFor(session, 'interviewer'));
    stack.track(candidate, observer);
    await settled(candidate);
    await settled(observer);
    candidate.provider.awareness!.setLocalState({ user: { name: 'Ada', color: '#82aaff' } });
    observer.provider.awareness!.setLocalState({ user: { name: 'Grace' } });
    const serverDoc = () => stack.collab.server.hocuspocus.documents.get(name)!;
    const candidateId = candidate.doc.clientID;
    await eventually(
      () => serverDoc().awareness.getStates().has(candidateId),
      'the server has the candidate presence',
    );
    return { session, candidate, observer, serverDoc, candidateId };
  }

  const userOf = (state: unknown) => (state as { user: Record<string, unknown> }).user;

  /** Sends `message`, then waits until a later presence change of the observer arrives. */
  async function sendThenSync(
    observer: TestClient,
    serverDoc: () => { awareness: { getStates(): Map<number, unknown> } },
    message: () => void,
  ) {
    message();
    observer.provider.awareness!.setLocalStateField('marker', observer.doc.clientID + 1);
    await eventually(
      () =>
        (serverDoc().awareness.getStates().get(observer.doc.clientID) as { marker?: number })
          ?.marker ===
        observer.doc.clientID + 1,
      'the message after it is handled',
    );
  }

  it("does not let an observer set the candidate's presence", async () => {
    const { session, observer, serverDoc, candidateId } = await candidateAndObserver();
    const clock = serverDoc().awareness.meta.get(candidateId)!.clock;
    await sendThenSync(observer, serverDoc, () =>
      sendRawAwareness(observer, [
        [candidateId, clock + 10, { user: { name: 'SPOOFED-BY-OBSERVER', role: 'candidate' } }],
      ]),
    );
    expect(userOf(serverDoc().awareness.getStates().get(candidateId)).name).toBe(
      `candidate ${session.candidateId}`,
    );
    expect(serverDoc().awareness.meta.get(candidateId)!.clock).toBe(clock);
  });

  it('does not let a connection speak for a second client after its own', async () => {
    const { observer, serverDoc } = await candidateAndObserver();
    const own = observer.doc.clientID;
    await eventually(() => serverDoc().awareness.getStates().has(own), 'the observer presence');
    await sendThenSync(observer, serverDoc, () =>
      sendRawAwareness(observer, [[own + 1, 1, { user: { name: 'ghost' } }]]),
    );
    expect(
      serverDoc()
        .awareness.getStates()
        .has(own + 1),
    ).toBe(false);
  });

  it('writes the name and role from the token over what a client claims', async () => {
    const { observer, serverDoc } = await candidateAndObserver();
    observer.provider.awareness!.setLocalState({
      user: { id: 'x', name: 'SPOOFED-BY-OBSERVER', role: 'candidate', color: '#ff5370' },
      file: 'src/main.ts',
    });
    const own = observer.doc.clientID;
    await eventually(
      () =>
        (serverDoc().awareness.getStates().get(own) as { file?: string })?.file === 'src/main.ts',
      'the observer presence',
    );
    const state = serverDoc().awareness.getStates().get(own) as Record<string, unknown>;
    expect(userOf(state)).toEqual({
      id: 'user-interviewer',
      name: 'interviewer user-interviewer',
      role: 'interviewer',
      color: '#ff5370',
    });
    expect(state.file).toBe('src/main.ts');
  });

  it('closes the socket on a 1 MB presence message', async () => {
    const { observer, serverDoc } = await candidateAndObserver();
    sendRawAwareness(observer, [[observer.doc.clientID, 1, { junk: 'j'.repeat(1024 * 1024) }]]);
    await eventually(() => observer.closes.length > 0, 'the observer is closed');
    observer.destroy();
    expect(observer.closes[0]).toEqual(CLOSE_REASONS.presenceRefused);
    expect(serverDoc().awareness.getStates().has(observer.doc.clientID)).toBe(false);
  });

  it('drops presence updates beyond the rate limit', async () => {
    const { candidate, serverDoc, candidateId } = await candidateAndObserver();
    let applied = 0;
    serverDoc().awareness.on('update', ({ updated }: { updated: number[] }) => {
      if (updated.includes(candidateId)) applied += 1;
    });
    const started = performance.now();
    const base = serverDoc().awareness.meta.get(candidateId)!.clock;
    for (let i = 1; i <= 200; i++) {
      sendRawAwareness(candidate, [
        [candidateId, base + i, { user: {}, cursor: { line: i, column: 1 } }],
      ]);
    }
    // An edit after them: once it is acknowledged, all 200 were handled.
    candidate.doc.getMap<Y.Text>('files').set('a.ts', new Y.Text('a'));
    await settled(candidate);
    const seconds = (performance.now() - started) / 1000;
    expect(candidate.closes).toEqual([]);
    expect(applied).toBeLessThanOrEqual(2 * PER_SECOND + Math.ceil(PER_SECOND * seconds) + 1);
    expect(applied).toBeLessThan(200);
  });
});
