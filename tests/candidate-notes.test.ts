import { HocuspocusProvider } from '@hocuspocus/provider';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yjsDocuments } from '../db/schema/index.ts';
import { NOTES_DOC, notesDocumentName } from '../protocol/documents.ts';
import { signSessionToken } from '../protocol/tokens.ts';
import { startDemoInterview } from './support/candidate.ts';
import { eventually } from './support/collab-client.ts';
import { signedInClient } from './support/fixtures.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('interviewer notes on the candidate page', () => {
  it('lists the notes written during the session, each linking to its instant in the replay', async () => {
    const { candidateId, session } = await startDemoInterview(stack);
    const token = await signSessionToken(
      {
        sessionId: session.id,
        organizationId: session.organizationId,
        subject: 'interviewer-1',
        role: 'interviewer',
        name: 'Grace Hopper',
      },
      stack.secret,
      300,
    );
    const doc = new Y.Doc();
    const provider = new HocuspocusProvider({
      url: stack.collabUrl,
      name: notesDocumentName(session.id),
      document: doc,
      token,
    });
    await eventually(() => provider.isSynced, 'notes synced');
    doc.transact(() => {
      const entry = new Y.Map<unknown>();
      entry.set('id', 'note-1');
      entry.set('authorId', 'interviewer-1');
      entry.set('authorName', 'Grace Hopper');
      entry.set('sessionTimeMs', 95_000);
      entry.set('createdAt', new Date().toISOString());
      entry.set('text', new Y.Text('Good naming; missed the empty case.'));
      doc.getArray(NOTES_DOC.entries).push([entry]);
    });
    await eventually(() => !provider.hasUnsyncedChanges, 'note acknowledged');
    provider.destroy(); // the last connection leaving makes the collab-server store the document
    await eventually(async () => {
      const [row] = await stack.database.db
        .select()
        .from(yjsDocuments)
        .where(eq(yjsDocuments.name, notesDocumentName(session.id)));
      return row;
    }, 'notes stored');

    const member = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const page = await (await member.request(`/candidates/${candidateId}`)).text();
    expect(page).toContain('Interviewer notes');
    expect(page).toContain('Good naming; missed the empty case.');
    expect(page).toContain(`/candidates/${candidateId}/replay?t=95000`);
    expect(page).toContain('1:35');
  });
});
