import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  eventually,
  filesOf,
  settled,
} from '../../collab-server/testing/clients.ts';
import { tokenFor } from '../../collab-server/testing/fixtures.ts';
import { sendRawAwareness, sendRawSync } from '../../collab-server/testing/raw-messages.ts';
import { useCollabStack } from '../../collab-server/testing/stack.ts';
import { CLOSE_REASONS } from '../../protocol/close-reasons.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';

/** A sync step 2 from a fresh client that writes `files[path]` with `chars` characters. */
function fileStep2(path: string, chars: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap<Y.Text>('files').set(path, new Y.Text('y'.repeat(chars)));
  return Y.encodeStateAsUpdate(doc);
}

/** A file update that climbs out of the workspace (refused with badPath). */
function badPathUpdate(): Uint8Array {
  return fileStep2('../../../../tmp/x', 1);
}

/**
 * Isolation (issue 12, decision 019): one session's abuse must not slow the
 * others. Each attack of `npm run bench -- collab-abuse` is cut off early:
 * a connection over its message budget is closed before its messages are
 * decoded, a document takes in at most so many bytes a second, a token
 * holds a bounded number of connections, and a client refused again and
 * again is refused at the door, before any database work.
 */
/** How long a step may take on a loaded 2-core machine (PGlite work runs on the same thread). */
const LOADED_MS = 90_000;

describe('work budgets against one hostile session', { timeout: 4 * LOADED_MS }, () => {
  // Budgets that hardly refill while the test runs: a budget counts messages
  // as the server handles them, and a saturated machine handles fewer a
  // second than the default rates (200 messages, 512 KB), so it never trips.
  const stack = useCollabStack(
    8,
    { HISTORY_FLUSH_MS: '20' },
    { writeBytesBurst: 2.5 * 1024 * 1024, writeBytesPerSecond: 1, messagesPerSecond: 20 },
  );

  async function session() {
    const fixture = stack.nextSession();
    const name = sessionDocumentName(fixture.sessionId);
    const token = await tokenFor(fixture, 'candidate');
    const connect = () => {
      const client = connectClient(stack.collab.url, name, token);
      stack.track(client);
      return client;
    };
    const serverDoc = () => stack.collab.server.hocuspocus.documents.get(name)!;
    return { fixture, name, token, connect, serverDoc };
  }

  it('closes a connection flooding small presence messages (tooManyMessages), and another session goes on', async () => {
    const hostile = await session();
    const other = await session();
    const attacker = hostile.connect();
    const typist = other.connect();
    const watcher = connectClient(
      stack.collab.url,
      other.name,
      await tokenFor(other.fixture, 'interviewer'),
    );
    stack.track(watcher);
    await Promise.all([attacker, typist, watcher].map((client) => settled(client, LOADED_MS)));
    // The budget here is 40 at once, then 20 a second.
    for (let clock = 1; clock <= 800; clock++) {
      sendRawAwareness(attacker, [[attacker.doc.clientID, clock, { user: { name: `n${clock}` } }]]);
    }
    await eventually(
      () => attacker.closes.length > 0,
      'the flooding connection is closed',
      LOADED_MS,
    );
    expect(attacker.closes[0]).toEqual(CLOSE_REASONS.tooManyMessages);
    typist.doc.getMap<Y.Text>('files').set('main.ts', new Y.Text('still typing'));
    await eventually(
      () => filesOf(watcher.doc)['main.ts'] === 'still typing',
      "the other session's observer sees the edit",
      LOADED_MS,
    );
  });

  it('closes a client whose sync step 2s write the document faster than its byte budget', async () => {
    const hostile = await session();
    // Two sockets with one token: each stays within its own message budget
    // (4 MB at once); together they exceed the document's (2.5 MB here).
    const [first, second] = [hostile.connect(), hostile.connect()];
    await Promise.all([settled(first, LOADED_MS), settled(second, LOADED_MS)]);
    for (let i = 0; i < 2; i++) {
      sendRawSync(first, 'step2', fileStep2(`a${i}.txt`, 900 * 1024));
      sendRawSync(second, 'step2', fileStep2(`b${i}.txt`, 900 * 1024));
    }
    await eventually(
      () => first.closes.length + second.closes.length > 0,
      'a connection is closed',
      2 * LOADED_MS,
    );
    expect([...first.closes, ...second.closes][0]).toEqual(CLOSE_REASONS.tooManyMessages);
    expect(Object.keys(filesOf(hostile.serverDoc())).length).toBeLessThanOrEqual(2);
  });

  it('keeps a document’s spent write budget when the client reconnects and the document is loaded afresh', async () => {
    const hostile = await session();
    const first = hostile.connect();
    await settled(first, LOADED_MS);
    for (let i = 0; i < 3; i++) sendRawSync(first, 'step2', fileStep2(`a${i}.txt`, 900 * 1024));
    await eventually(() => first.closes.length > 0, 'the connection is closed', 2 * LOADED_MS);
    expect(first.closes[0]).toEqual(CLOSE_REASONS.tooManyMessages);
    first.destroy();
    // Nobody else has the document open: the server unloads it, and the
    // next connection makes it load the document again.
    await eventually(
      () => !stack.collab.server.hocuspocus.documents.has(hostile.name),
      'the document is unloaded',
      LOADED_MS,
    );
    const second = hostile.connect();
    await settled(second, LOADED_MS);
    const files = Object.keys(filesOf(hostile.serverDoc()));
    expect(files.length).toBe(2);
    sendRawSync(second, 'step2', fileStep2('b0.txt', 900 * 1024));
    await eventually(() => second.closes.length > 0, 'the reconnected client is closed', LOADED_MS);
    expect(second.closes[0]).toEqual(CLOSE_REASONS.tooManyMessages);
    // What the session holds now, as an interviewer sees it.
    const watcher = connectClient(
      stack.collab.url,
      hostile.name,
      await tokenFor(hostile.fixture, 'interviewer'),
    );
    stack.track(watcher);
    await settled(watcher, LOADED_MS);
    expect(Object.keys(filesOf(watcher.doc))).toEqual(files);
  });

  it('refuses more than 8 connections of one token to one document', async () => {
    const hostile = await session();
    const clients = Array.from({ length: 8 }, () => hostile.connect());
    await Promise.all(clients.map((client) => settled(client, LOADED_MS)));
    const ninth = hostile.connect();
    await eventually(
      () => ninth.authFailures.length > 0,
      'the ninth connection is refused',
      LOADED_MS,
    );
    expect(ninth.authFailures[0]).toBe(CLOSE_REASONS.tooManyConnections.reason);
    ninth.destroy();
    const open = stack.collab.server.hocuspocus.getConnectionsCount();
    clients[0]!.destroy();
    await eventually(
      () => stack.collab.server.hocuspocus.getConnectionsCount() < open,
      'the server sees one connection leave',
      LOADED_MS,
    );
    const again = hostile.connect();
    await settled(again, LOADED_MS);
  });

  it('refuses at the door a client that keeps reconnecting to repeat a refused attack', async () => {
    const hostile = await session();
    const attacker = hostile.connect();
    // Refused connections cost 5 attempts of a burst of 10, then 10, 20, …
    // (refilled 1 a second): the first refusal reconnects at once, then the
    // door closes for longer each time.
    for (let round = 1; round <= 2; round++) {
      await settled(attacker, LOADED_MS);
      sendRawSync(attacker, 'update', badPathUpdate());
      await eventually(() => attacker.closes.length >= round, `refusal ${round}`, LOADED_MS);
      expect(attacker.closes[round - 1]).toEqual(CLOSE_REASONS.badPath);
    }
    await eventually(
      () => attacker.authFailures.length > 0,
      'a reconnect is refused before it reaches the document',
      LOADED_MS,
    );
    expect(attacker.authFailures[0]).toBe(CLOSE_REASONS.tooManyConnections.reason);
    // Nothing was written (the document may have been unloaded by now).
    const doc = stack.collab.server.hocuspocus.documents.get(hostile.name);
    expect(doc ? filesOf(doc) : {}).toEqual({});
  });
});
