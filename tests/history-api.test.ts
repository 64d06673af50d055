// GET /api/candidates/:id/history: the whole history of a session in one
// binary body, only for the members of the owning organization, cacheable
// by its ETag. The candidate types through a real collab connection and an
// interviewer writes a note, so the body carries real updates and notes.
import { HocuspocusProvider } from '@hocuspocus/provider';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readNotes } from '../app/replay/notes.ts';
import { interviewSessions } from '../db/schema/index.ts';
import { NOTES_DOC, notesDocumentName, SESSION_DOC } from '../protocol/documents.ts';
import {
  decodeHistory,
  HISTORY_CONTENT_TYPE,
  type SessionHistory,
} from '../protocol/history-format.ts';
import { signSessionToken } from '../protocol/tokens.ts';
import { startDemoInterview } from './support/candidate.ts';
import { connectToSession, eventually, type TestCollabClient } from './support/collab-client.ts';
import { createMember, createOrganization, signedInClient } from './support/fixtures.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let interview: Awaited<ReturnType<typeof startDemoInterview>>;
let candidate: TestCollabClient;
let interviewer: TestClient;
const path = () => `/api/candidates/${interview.candidateId}/history`;

beforeAll(async () => {
  stack = await startTestStack();
  interview = await startDemoInterview(stack);
  candidate = await connectToSession(stack, interview.session, {
    role: 'candidate',
    subject: interview.candidateId,
  });
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
}, 90_000);
afterAll(async () => {
  candidate?.close();
  await stack?.close();
});

/** Types at the end of a file as keystrokes, one update each. */
function type(file: string, text: string) {
  const ytext = candidate.doc.getMap<Y.Text>(SESSION_DOC.files).get(file)!;
  for (const char of text) ytext.insert(ytext.length, char);
}

/** The files after applying every update of a history from the start. */
function filesOf(history: SessionHistory): Record<string, string> {
  const doc = new Y.Doc();
  for (const update of history.updates) Y.applyUpdate(doc, update.bytes);
  const files: Record<string, string> = {};
  for (const [name, text] of doc.getMap<Y.Text>(SESSION_DOC.files)) files[name] = text.toString();
  doc.destroy();
  return files;
}

async function fetchHistory(client: TestClient, headers: Record<string, string> = {}) {
  const response = await client.request(path(), { headers });
  expect(response.status).toBe(200);
  return { response, history: decodeHistory(new Uint8Array(await response.arrayBuffer())) };
}

describe('the history of a live session', () => {
  it('decodes to the session’s updates, with their origins, and its events', async () => {
    type('solution.ts', '\n// history api');
    const { response, history } = await eventually(async () => {
      const fetched = await fetchHistory(interviewer);
      return filesOf(fetched.history)['solution.ts']?.endsWith('// history api') ? fetched : null;
    }, 'the typed text in the history');
    expect(response.headers.get('content-type')).toBe(HISTORY_CONTENT_TYPE);
    expect(history.meta.sessionId).toBe(interview.session.id);
    expect(history.meta.startedAt).toBe(interview.session.startedAt.getTime());
    expect(history.updates[0]!.seq).toBe(1);
    expect(history.updates[0]!.origin).toBe('seed');
    expect(history.updates.filter((u) => u.origin === 'typed').length).toBeGreaterThanOrEqual(15);
    expect(filesOf(history)['solution.ts']).toBe(candidate.read('solution.ts'));
    expect(history.events.map((e) => e.type)).toContain('session_started');
  });

  it('carries client events and the interviewers’ notes', async () => {
    const batch = await interview.browser.postJson(
      `/api/interview/${interview.candidateId}/events/batch`,
      {
        events: [
          { type: 'focus', timestamp: Date.now(), data: { focused: false } },
          { type: 'focus', timestamp: Date.now(), data: { focused: true } },
        ],
      },
    );
    expect(batch.status).toBe(200);
    const notes = await writeNote('Asked about complexity', 90_000);
    try {
      const { history } = await eventually(
        async () => {
          const fetched = await fetchHistory(interviewer);
          return fetched.history.notes ? fetched : null;
        },
        'the stored notes document',
        20_000,
      );
      const focus = history.events.filter((e) => e.type === 'focus').map((e) => e.data.focused);
      expect(focus).toEqual([false, true]);
      const read = readNotes(history.notes, history.meta.startedAt!);
      expect(read.map((n) => [n.text, n.at - history.meta.startedAt!])).toEqual([
        ['Asked about complexity', 90_000],
      ]);
    } finally {
      notes.destroy();
    }
  });

  it('answers 304 to the ETag it gave, and a new ETag after another edit', async () => {
    const first = await interviewer.request(path());
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    await first.arrayBuffer();
    const again = await interviewer.request(path(), { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    type('solution.ts', '!');
    const changed = await eventually(async () => {
      const response = await interviewer.request(path(), { headers: { 'if-none-match': etag! } });
      await response.arrayBuffer();
      return response.status === 200 ? response : null;
    }, 'a changed history');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('is gzipped for clients that accept it, with the same bytes inside', async () => {
    const plain = await interviewer.request(path(), { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainBytes = new Uint8Array(await plain.arrayBuffer());
    // fetch decompresses on its own and keeps the header.
    const zipped = await interviewer.request(path(), { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('etag')).toBe(`${plain.headers.get('etag')!.slice(0, -1)}-gzip"`);
    expect(new Uint8Array(await zipped.arrayBuffer())).toEqual(plainBytes);
    const revalidated = await interviewer.request(path(), {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.get('etag')! },
    });
    expect(revalidated.status).toBe(304);
  });
});

describe('who may fetch a history', () => {
  it('a viewer of the owning organization may', async () => {
    const viewer = await createMember(stack.database.db, stack.demo.organizationId, 'viewer');
    const client = await signedInClient(stack.baseUrl, viewer.email);
    await fetchHistory(client);
  });

  it('a member of another organization gets 404, as for an unknown candidate', async () => {
    const other = await createOrganization(stack.database.db, 'Other Hiring Co');
    const client = await signedInClient(stack.baseUrl, other.owner.email);
    const response = await client.request(path());
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'Candidate not found.' },
    });
    const unknown = await interviewer.request(`/api/candidates/${crypto.randomUUID()}/history`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('NOT_FOUND');
  });

  it('nobody signed out may, and a candidate’s cookie is not a sign-in', async () => {
    for (const client of [new TestClient(stack.baseUrl), interview.browser]) {
      const response = await client.request(path());
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('the history of a finished session', () => {
  it('may be reused from the browser cache for a while', async () => {
    await stack.database.db
      .update(interviewSessions)
      .set({ status: 'COMPLETED', endedAt: new Date() })
      .where(eq(interviewSessions.id, interview.session.id));
    const { response, history } = await fetchHistory(interviewer);
    expect(response.headers.get('cache-control')).toBe('private, max-age=300');
    expect(history.meta.endedAt).not.toBeNull();
  });
});

/** An interviewer's note `atMs` into the session, written through the notes document. */
async function writeNote(text: string, atMs: number) {
  const token = await signSessionToken(
    {
      sessionId: interview.session.id,
      organizationId: interview.session.organizationId,
      subject: 'interviewer-1',
      role: 'interviewer',
      name: 'Ines Interviewer',
    },
    stack.secret,
    600,
  );
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    url: stack.collabUrl,
    name: notesDocumentName(interview.session.id),
    document: doc,
    token,
  });
  let synced = false;
  provider.on('synced', () => {
    synced = true;
  });
  await eventually(() => synced, 'notes sync');
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set('id', crypto.randomUUID());
    entry.set('authorId', 'interviewer-1');
    entry.set('authorName', 'Ines Interviewer');
    entry.set('sessionTimeMs', atMs);
    entry.set('createdAt', new Date().toISOString());
    entry.set('text', new Y.Text(text));
    doc.getArray(NOTES_DOC.entries).push([entry]);
  });
  return {
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
