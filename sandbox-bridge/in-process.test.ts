import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createBridgeClient } from '../app/sandbox/bridge-client.server.ts';
import { yjsDocuments, yjsUpdates } from '../db/schema/index.ts';
import { SESSION_DOC, sessionDocumentName } from '../protocol/documents.ts';
import { signSessionToken } from '../protocol/tokens.ts';
import { startTestStack, type TestStack } from '../tests/support/stack.ts';
import { providerDocumentSource } from './mirror/provider-document-source.ts';
import { serviceTokenMinter } from './mirror/service-token.ts';
import { createSessionFixture, TYPESCRIPT_PROBLEM } from './test-support/fixtures.ts';
import { eventually } from './test-support/local-sandbox.ts';
import { connectTerminal } from './test-support/terminal-client.ts';

// The bridge inside `npm start`'s composition root: direct connections to the
// real collab-server, whose history log must record the terminal's edits as
// the bridge's (service) with the `terminal` origin.

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

test('a file written in the terminal reaches the document, recorded as a terminal edit', async () => {
  const db = stack.database.db;
  const fixture = await createSessionFixture(db, TYPESCRIPT_PROBLEM);
  const name = sessionDocumentName(fixture.sessionId);
  const doc = new Y.Doc();
  doc.getMap<Y.Text>(SESSION_DOC.files).set('solution.ts', new Y.Text('export {};\n'));
  const state = Y.encodeStateAsUpdate(doc);
  await db.insert(yjsDocuments).values({ name, state, sizeBytes: state.byteLength });

  const client = createBridgeClient({ bridgeUrl: stack.bridgeUrl, secret: stack.secret });
  const ref = { sessionId: fixture.sessionId, organizationId: fixture.organizationId };
  expect(await client.startSandbox(ref)).toMatchObject({ status: 'ready' });

  const token = await signSessionToken(
    { ...ref, subject: 'candidate-1', role: 'candidate', name: 'Candidate' },
    stack.secret,
    600,
  );
  const terminal = await connectTerminal(
    stack.bridgeUrl.replace('http', 'ws'),
    fixture.sessionId,
    token,
  );
  terminal.send({
    type: 'input',
    data: 'cat solution.ts; echo "// from the shell" >> solution.ts\r',
  });
  await terminal.waitFor('export {};');

  const rows = await eventually(
    async () => {
      const found = await db
        .select({
          origin: yjsUpdates.origin,
          role: yjsUpdates.senderRole,
          sender: yjsUpdates.senderId,
        })
        .from(yjsUpdates)
        .where(and(eq(yjsUpdates.documentName, name), eq(yjsUpdates.origin, 'terminal')));
      return found.length > 0 ? found : undefined;
    },
    10_000,
    'a terminal edit in the history log',
  );
  expect(rows[0]).toEqual({ origin: 'terminal', role: 'service', sender: 'sandbox-bridge' });
  terminal.close();
  await client.archive(ref);
});

test('a bridge running alone syncs over WebSocket with a service token and tags its edits', async () => {
  const db = stack.database.db;
  const fixture = await createSessionFixture(db, TYPESCRIPT_PROBLEM);
  const name = sessionDocumentName(fixture.sessionId);
  const source = providerDocumentSource({
    url: stack.collabUrl,
    token: serviceTokenMinter(db, stack.secret),
  });
  const opened = await source.open(name);
  try {
    opened.transact('terminal', (doc) => {
      doc.getMap<Y.Text>(SESSION_DOC.files).set('from-shell.txt', new Y.Text('hello\n'));
    });
    const rows = await eventually(
      async () => {
        const found = await db
          .select({ origin: yjsUpdates.origin, role: yjsUpdates.senderRole })
          .from(yjsUpdates)
          .where(eq(yjsUpdates.documentName, name));
        return found.length > 0 ? found : undefined;
      },
      10_000,
      'the edit in the history log',
    );
    expect(rows).toContainEqual({ origin: 'terminal', role: 'service' });
  } finally {
    await opened.close();
  }
});
