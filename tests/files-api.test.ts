import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yjsUpdates } from '../db/schema/index.ts';
import { LIMITS } from '../protocol/limits.ts';
import { signSessionToken } from '../protocol/tokens.ts';
import { startDemoInterview } from './support/candidate.ts';
import { connectToSession, eventually, type TestCollabClient } from './support/collab-client.ts';
import { signedInClient } from './support/fixtures.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let interview: Awaited<ReturnType<typeof startDemoInterview>>;
let editor: TestCollabClient;
const files = () => `/api/interview/${interview.candidateId}/files`;

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

const put = (client: TestClient, path: string, body: string, ifMatch?: string) =>
  client.request(`${files()}/${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    body,
  });

describe('the files API over the session document', () => {
  it('lists the tree and reads a file with its ETag, from the live document', async () => {
    const tree = await (await interview.browser.request(files())).json();
    expect(tree.files.map((f: { path: string }) => f.path)).toEqual([
      'README.md',
      'solution.test.ts',
      'solution.ts',
    ]);
    editor.write('solution.ts', 'export const live = 1;\n');
    await eventually(
      async () =>
        (await (await interview.browser.request(`${files()}/solution.ts`)).text()).includes('live'),
      'live read',
    );
    const response = await interview.browser.request(`${files()}/solution.ts`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await interview.browser.request(`${files()}/solution.ts`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('writes through the collab-server: open editors see it, and the history says "api"', async () => {
    const { headers } = await interview.browser.request(`${files()}/solution.ts`);
    const response = await put(
      interview.browser,
      'solution.ts',
      'export const fromApi = 2;\n',
      headers.get('etag')!,
    );
    expect(response.status).toBe(200);
    await eventually(
      () => editor.read('solution.ts') === 'export const fromApi = 2;\n',
      'the editor sees the write',
    );
    const rows = await stack.database.db
      .select({ origin: yjsUpdates.origin })
      .from(yjsUpdates)
      .where(eq(yjsUpdates.documentName, `session/${interview.session.id}`));
    await eventually(async () => {
      const again = await stack.database.db
        .select({ origin: yjsUpdates.origin })
        .from(yjsUpdates)
        .where(eq(yjsUpdates.documentName, `session/${interview.session.id}`));
      return again.some((row) => row.origin === 'api');
    }, 'an api row in the history');
    expect(rows.length).toBeGreaterThan(0);
  });

  it('lets one of two concurrent PUTs with the same ETag win; the other gets 409', async () => {
    const etag = (await interview.browser.request(`${files()}/solution.ts`)).headers.get('etag')!;
    const [a, b] = await Promise.all([
      put(interview.browser, 'solution.ts', 'export const a = 1;\n', etag),
      put(interview.browser, 'solution.ts', 'export const b = 2;\n', etag),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect((await loser.json()).error.code).toBe('STALE_ETAG');
    const text = await (await interview.browser.request(`${files()}/solution.ts`)).text();
    expect(['export const a = 1;\n', 'export const b = 2;\n']).toContain(text);
  });

  it('keeps both a PUT and a person typing in the same file at the same time', async () => {
    editor.write('solution.ts', 'HEAD\nmiddle\nTAIL\n');
    await eventually(
      async () =>
        (await (await interview.browser.request(`${files()}/solution.ts`)).text()) ===
        'HEAD\nmiddle\nTAIL\n',
      'synced',
    );
    const base = await interview.browser.request(`${files()}/solution.ts`);
    const baseTag = base.headers.get('etag')!;
    const text = editor.doc.getMap('files').get('solution.ts') as import('yjs').Text;
    const typing = (async () => {
      for (let i = 0; i < 20; i++) {
        text.insert(0, 'x');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 40));
    // The PUT is based on a read from before the typing: merged, only its own range changes.
    const response = await put(
      interview.browser,
      'solution.ts',
      'HEAD\nmiddle\nTAIL changed by the API\n',
      baseTag,
    );
    await typing;
    expect(response.status, await response.clone().text()).toBe(200);
    await eventually(async () => {
      const now = await (await interview.browser.request(`${files()}/solution.ts`)).text();
      return now === `${'x'.repeat(20)}HEAD\nmiddle\nTAIL changed by the API\n`;
    }, 'both edits kept').catch(async (error) => {
      throw new Error(
        `${error}: ${JSON.stringify(await (await interview.browser.request(`${files()}/solution.ts`)).text())}`,
      );
    });
    expect(editor.read('solution.ts')).toBe(
      `${'x'.repeat(20)}HEAD\nmiddle\nTAIL changed by the API\n`,
    );
  });

  it('creates files and folders, and deletes them', async () => {
    const created = await interview.browser.postJson(files(), {
      path: 'lib/util.ts',
      content: 'export {}\n',
    });
    expect(created.status).toBe(201);
    expect(
      (await interview.browser.postJson(files(), { path: 'docs', type: 'folder' })).status,
    ).toBe(201);
    expect((await interview.browser.postJson(files(), { path: 'lib/util.ts' })).status).toBe(409);
    await eventually(
      () => editor.read('lib/util.ts') === 'export {}\n',
      'created file reaches the editor',
    );
    const deleted = await interview.browser.request(`${files()}/lib`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ path: 'lib', deleted: 1 });
    expect((await interview.browser.request(`${files()}/lib/util.ts`)).status).toBe(404);
  });

  it.each([
    [
      'a path with "..", 400 BAD_PATH',
      () => interview.browser.postJson(files(), { path: '../escape.ts' }),
      400,
      'BAD_PATH',
    ],
    [
      'an absolute path, 400 BAD_PATH',
      () => interview.browser.postJson(files(), { path: '/etc/passwd' }),
      400,
      'BAD_PATH',
    ],
    [
      'a NUL in the path, 400 BAD_PATH',
      () => interview.browser.request(`${files()}/a%00b.ts`),
      400,
      'BAD_PATH',
    ],
    [
      'a missing file, 404',
      () => interview.browser.request(`${files()}/nope.ts`),
      404,
      'FILE_NOT_FOUND',
    ],
    [
      'a stale ETag, 409',
      () => put(interview.browser, 'README.md', 'x', '"0000"'),
      409,
      'STALE_ETAG',
    ],
    [
      'a file too large, 413',
      () => put(interview.browser, 'README.md', 'x'.repeat(LIMITS.maxFileChars + 1)),
      413,
      'TOO_LARGE',
    ],
    ['a stranger, 403', () => new TestClient(stack.baseUrl).request(files()), 403, 'FORBIDDEN'],
  ])('refuses %s', async (_name, call, status, code) => {
    const response = await call();
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it('refuses a token of another session with 403', async () => {
    const token = await signSessionToken(
      {
        sessionId: 'another-session',
        organizationId: interview.session.organizationId,
        subject: 'x',
        role: 'candidate',
        name: 'X',
      },
      stack.secret,
      60,
    );
    const response = await new TestClient(stack.baseUrl).request(files(), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('WRONG_SESSION');
  });

  it('lets members read but not write, and makes the workspace read-only after submission', async () => {
    const member = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    expect((await member.request(`${files()}/README.md`)).status).toBe(200);
    const refused = await put(member, 'README.md', 'hijack');
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('READ_ONLY');
    await interview.browser.postJson(`/api/interview/${interview.candidateId}/submit`);
    const late = await put(interview.browser, 'README.md', 'too late');
    expect(late.status).toBe(403);
    expect((await interview.browser.request(`${files()}/README.md`)).status).toBe(200);
  }, 60_000);
});
