import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sessionDocumentName } from '../protocol/documents.ts';
import { OriginTagger } from '../protocol/origin-tagger.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import { replayHistory } from './history/replay.ts';
import type { CollabServer } from './server.ts';
import { connectClient, eventually, filesOf, settled, type TestClient } from './testing/clients.ts';
import { createSessions, type SessionFixture, tokenFor } from './testing/fixtures.ts';
import { startTestServer, storedDocument } from './testing/servers.ts';

const PATHS = ['src/index.ts', 'src/util.ts', 'README.md'];

describe.each(databaseKinds())('a live session (%s)', (kind) => {
  let database: TestDatabase;
  let collab: CollabServer | null = null;
  let session: SessionFixture;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    [session] = (await createSessions(database.db, 1)) as [SessionFixture];
    collab = await startTestServer(database);
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await collab?.close();
    await database?.destroy();
  });

  it('converges two candidate clients and an observer after concurrent edits in three files, without the observer’s edit', async () => {
    const name = sessionDocumentName(session.sessionId);
    const candidateToken = await tokenFor(session, 'candidate');
    const first = connectClient(collab!.url, name, candidateToken);
    const second = connectClient(collab!.url, name, candidateToken);
    const observer = connectClient(collab!.url, name, await tokenFor(session, 'interviewer'));
    clients.push(first, second, observer);
    await Promise.all(clients.map((client) => settled(client)));

    new OriginTagger(first.provider).run('file-op', () =>
      first.doc.transact(() => {
        const files = first.doc.getMap<Y.Text>('files');
        for (const path of PATHS) files.set(path, new Y.Text(`// ${path}\n`));
      }),
    );
    await eventually(
      () => Object.keys(filesOf(second.doc)).length === 3,
      'the files reach the second tab',
    );

    // Both tabs type into every file at once, and the observer tries to.
    for (let round = 0; round < 20; round++) {
      for (const path of PATHS) {
        const a = first.doc.getMap<Y.Text>('files').get(path)!;
        const b = second.doc.getMap<Y.Text>('files').get(path)!;
        a.insert(a.length, `a${round} `);
        b.insert(0, `b${round} `);
      }
    }
    observer.doc.getMap<Y.Text>('files').get(PATHS[0]!)?.insert(0, 'OBSERVER WAS HERE ');
    await Promise.all([settled(first), settled(second)]);

    const expected = filesOf(first.doc);
    await eventually(
      () => JSON.stringify(filesOf(second.doc)) === JSON.stringify(expected),
      'both tabs converge',
    );
    await eventually(
      // Its own edit stays in its local copy only (the editor is read-only too).
      () =>
        PATHS.every(
          (path) =>
            filesOf(observer.doc)[path]?.replace('OBSERVER WAS HERE ', '') === expected[path],
        ),
      'the observer sees every edit',
    );
    expect(Object.values(expected).join('')).not.toContain('OBSERVER');
    for (const path of PATHS) {
      expect(expected[path]).toContain('a19 ');
      expect(expected[path]).toContain('b19 ');
    }

    // Closing the server stores the document and flushes the history log.
    for (const client of clients.splice(0)) client.destroy();
    await collab!.close();
    collab = null;

    const stored = await storedDocument(database.db, name);
    expect(filesOf(stored!)).toEqual(expected);
    const replayed = await replayHistory(database.db, name, { useCheckpoints: false });
    expect(filesOf(replayed!.doc)).toEqual(expected);
  });
});
