import type { AppLoadContext } from '@remix-run/node';
import { eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceConnections } from '../app/collab/service-connections.server.ts';
import { openSessionDocument } from '../app/collab/session-document.server.ts';
import { loadFilesInterview } from '../app/files/files-interview.server.ts';
import { loadInterview } from '../app/interview/lookup.server.ts';
import { interviewSessions, problems, sessionProblems } from '../db/schema/index.ts';
import { SESSION_DOC } from '../protocol/documents.ts';
import {
  inviteToAssessment,
  startDemoInterview,
  startInvitedInterview,
} from './support/candidate.ts';
import { connectToSession, eventually, type TestCollabClient } from './support/collab-client.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

// Issue 17: a files API read reuses a kept service connection to the session
// instead of opening (token, WebSocket, authentication, first sync) one per
// read, and still sees every edit the collab-server accepted before it.

let stack: TestStack;
let interview: Awaited<ReturnType<typeof startDemoInterview>>;
let editor: TestCollabClient;
const file = () => `/api/interview/${interview.candidateId}/files/solution.ts`;

beforeAll(async () => {
  stack = await startTestStack();
  interview = await startDemoInterview(stack);
  editor = await connectToSession(stack, interview.session, {
    role: 'candidate',
    subject: interview.candidateId,
  });
}, 60_000);
afterAll(async () => {
  editor?.close();
  await stack?.close();
});

/** The candidate types, and the collab-server has acknowledged it (as the editor's "saved"). */
async function candidateWrites(content: string): Promise<void> {
  editor.write('solution.ts', content);
  await eventually(() => !editor.provider.hasUnsyncedChanges, 'the edit acknowledged');
}

const ref = () => ({
  sessionId: interview.session.id,
  organizationId: interview.session.organizationId,
});
const context = () => ({ services: stack.tandem.app.services }) as AppLoadContext;
/** Opens the session's document, remembering the provider of the last one opened. */
function trackedOpener() {
  let last: import('@hocuspocus/provider').HocuspocusProvider | null = null;
  return {
    open: async () => {
      const document = await openSessionDocument(context(), ref());
      last = document.provider;
      return document;
    },
    provider: () => last,
  };
}

const readSolution = (doc: import('yjs').Doc) =>
  doc.getMap<import('yjs').Text>(SESSION_DOC.files).get('solution.ts')?.toString();

describe('files API reads through a kept service connection', () => {
  it('reuses one connection for consecutive reads, each seeing the edit made just before it', async () => {
    const pool = stack.tandem.app.services.sessionDocuments;
    await candidateWrites('export const first = 1;\n');
    expect(await (await interview.browser.request(file())).text()).toBe(
      'export const first = 1;\n',
    );
    const opened = pool.stats().opened;
    for (let i = 0; i < 10; i++) {
      await candidateWrites(`export const edit = ${i};\n`);
      // No retry: the read right after the acknowledgement must see it.
      const response = await interview.browser.request(file());
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(`export const edit = ${i};\n`);
    }
    expect(pool.stats().opened).toBe(opened);
    expect(pool.stats().open).toBeGreaterThanOrEqual(1);
  });

  it('sees a write made through the API by the next read', async () => {
    const before = await interview.browser.request(file());
    const put = await interview.browser.request(file(), {
      method: 'PUT',
      headers: { 'content-type': 'text/plain', 'if-match': before.headers.get('etag')! },
      body: 'export const viaApi = true;\n',
    });
    expect(put.status).toBe(200);
    expect(await (await interview.browser.request(file())).text()).toBe(
      'export const viaApi = true;\n',
    );
  });

  it('does not read before the collab-server answered, however late its updates arrive', async () => {
    const pool = new ServiceConnections();
    try {
      const open = async () => {
        const document = await openSessionDocument(context(), ref());
        // Everything the collab-server sends this connection arrives 150 ms
        // late (in order): the broadcast of the candidate's edit is still on
        // its way when the read begins.
        const deliver = document.provider.onMessage.bind(document.provider);
        document.provider.onMessage = (event) => {
          setTimeout(() => deliver(event), 150);
        };
        return document;
      };
      await pool.read('s', open, readSolution);
      for (let i = 0; i < 3; i++) {
        await candidateWrites(`export const late = ${i};\n`);
        expect(await pool.read('s', open, readSolution)).toBe(`export const late = ${i};\n`);
      }
      expect(pool.stats().opened).toBe(1);
    } finally {
      pool.close();
    }
  });

  it('replaces a kept connection whose socket dropped, and the read still sees the latest text', async () => {
    const pool = new ServiceConnections();
    try {
      const { open, provider } = trackedOpener();
      await pool.read('s', open, readSolution);
      const first = provider()!;
      const closed = new Promise((resolve) => first.on('close', resolve));
      first.configuration.websocketProvider.webSocket?.close();
      await closed;
      await candidateWrites('export const afterDrop = 1;\n');
      expect(await pool.read('s', open, readSolution)).toBe('export const afterDrop = 1;\n');
      expect(provider()).not.toBe(first);
      expect(pool.stats().opened).toBe(2);
    } finally {
      pool.close();
    }
  });

  it('replaces a kept connection that does not answer its round trip in time', async () => {
    const pool = new ServiceConnections({ roundTripMs: 200 });
    try {
      const { open, provider } = trackedOpener();
      await pool.read('s', open, readSolution);
      const silent = provider()!;
      // A connection that looks open but whose answers never come: stale data
      // must not be served from it.
      silent.forceSync = () => {};
      await candidateWrites('export const afterSilence = 1;\n');
      expect(await pool.read('s', open, readSolution)).toBe('export const afterSilence = 1;\n');
      expect(provider()).not.toBe(silent);
      expect(pool.stats().opened).toBe(2);
    } finally {
      pool.close();
    }
  });

  it('closes idle connections, keeps at most maxOpen, and closes all on shutdown', async () => {
    const pool = new ServiceConnections({ idleMs: 150, maxOpen: 1 });
    const destroyed: string[] = [];
    const open = (key: string) => async () => {
      const document = await openSessionDocument(context(), ref());
      document.provider.on('destroy', () => destroyed.push(key));
      return document;
    };
    await pool.read('a', open('a'), readSolution);
    await eventually(() => destroyed.includes('a'), 'the idle connection closed');
    expect(pool.stats().open).toBe(0);

    await pool.read('a', open('a'), readSolution);
    await pool.read('b', open('b'), readSolution);
    // Over the limit: the least recently used one went.
    expect(destroyed.filter((key) => key === 'a')).toHaveLength(2);
    expect(pool.stats().open).toBe(1);

    pool.close();
    expect(destroyed).toContain('b');
    expect(pool.stats().open).toBe(0);
    // After shutdown a read still works, on a connection of its own that it closes.
    await candidateWrites('export const afterShutdown = 1;\n');
    expect(await pool.read('c', open('c'), readSolution)).toBe('export const afterShutdown = 1;\n');
    expect(destroyed).toContain('c');
    expect(pool.stats().open).toBe(0);
  });

  it('closes the app’s kept connections when the app shuts down', async () => {
    const pool = stack.tandem.app.services.sessionDocuments;
    await interview.browser.request(file());
    expect(pool.stats().open).toBeGreaterThanOrEqual(1);
    // What app.close() calls first (stack.close() in afterAll does the rest).
    pool.close();
    expect(pool.stats().open).toBe(0);
    const response = await interview.browser.request(file());
    expect(response.status).toBe(200);
    expect(pool.stats().open).toBe(0);
  });
});

describe('the files API’s own interview lookup', () => {
  it('finds what loadInterview finds: the session, its problems in order, or the session’s own', async () => {
    const invited = await inviteToAssessment(
      stack,
      interview.candidate.assessmentId,
      'Files Lookup',
      'files-lookup@example.com',
    );
    const fresh = await startInvitedInterview(stack, invited.token);
    const db = stack.database.db;
    const sameAsLoadInterview = async () => {
      const full = (await loadInterview(db, fresh.candidateId))!;
      const lean = await loadFilesInterview(db, fresh.candidateId);
      expect(lean).toEqual({
        organizationId: full.candidate.organizationId,
        session: { id: full.session!.id, status: full.session!.status },
        problems: full.sessionProblems.map((entry) => ({
          position: entry.position,
          title: entry.problem.title,
          folder: entry.folder,
        })),
      });
      return lean!;
    };
    expect((await sameAsLoadInterview()).problems).toHaveLength(1);
    const [other] = await db
      .select({ id: problems.id })
      .from(problems)
      .where(ne(problems.id, fresh.session.problemId))
      .limit(1);
    await db
      .insert(sessionProblems)
      .values({ sessionId: fresh.session.id, position: 1, problemId: other!.id, folder: 'two' });
    expect((await sameAsLoadInterview()).problems.map((entry) => entry.folder)).toHaveLength(2);
    // Without problem rows (sessions from before decision 021): the session's own problem.
    await db.delete(sessionProblems).where(eq(sessionProblems.sessionId, fresh.session.id));
    expect((await sameAsLoadInterview()).problems).toEqual([
      expect.objectContaining({ position: 0, folder: '' }),
    ]);
    await db
      .update(interviewSessions)
      .set({ status: 'COMPLETED' })
      .where(eq(interviewSessions.id, fresh.session.id));
    expect((await sameAsLoadInterview()).session?.status).toBe('COMPLETED');
    expect(await loadFilesInterview(db, 'no-such-candidate')).toBeNull();
  });
});
