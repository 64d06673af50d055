import { HocuspocusProvider } from '@hocuspocus/provider';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { assessments, candidates, yjsUpdates } from '../db/schema/index.ts';
import { SESSION_DOC, sessionDocumentName } from '../protocol/documents.ts';
import { startDemoInterview } from './support/candidate.ts';
import { connectToSession, eventually } from './support/collab-client.ts';
import { createMember, signedInClient } from './support/fixtures.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 300_000);
afterAll(async () => {
  await stack?.close();
});

/** Pair mode (decision 027): an interviewer edits with the candidate; the report counts them apart. */
describe('pair mode', () => {
  let interview: Awaited<ReturnType<typeof startDemoInterview>>;
  let interviewer: Awaited<ReturnType<typeof signedInClient>>;
  let interviewerId: string;
  const tokenUrl = (pair: boolean) =>
    `/api/candidates/${interview.candidateId}/observer-token${pair ? '?pair=1' : ''}`;

  beforeAll(async () => {
    interview = await startDemoInterview(stack);
    interviewer = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const [user] = await stack.database.db.query.users.findMany({
      where: (users, { eq: equals }) => equals(users.email, stack.demo.interviewerEmail),
    });
    interviewerId = user!.id;
  }, 60_000);

  async function setPairMode(on: boolean) {
    await stack.database.db
      .update(assessments)
      .set({ pairMode: on })
      .where(eq(assessments.id, interview.candidate.assessmentId));
  }

  it('gives no pair token while the assessment has pair mode off', async () => {
    const refused = await interviewer.request(tokenUrl(true));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('NOT_ALLOWED_TO_PAIR');
    const watching = await interviewer.request(tokenUrl(false));
    expect(watching.status).toBe(200);
    expect((await watching.json()).pairing).toBe(false);
  });

  it('gives no pair token to a viewer, even with pair mode on', async () => {
    await setPairMode(true);
    const viewer = await createMember(stack.database.db, stack.demo.organizationId, 'viewer');
    const client = await signedInClient(stack.baseUrl, viewer.email);
    const refused = await client.request(tokenUrl(true));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('NOT_ALLOWED_TO_PAIR');
  });

  it('lets the interviewer edit with the candidate and reports their share apart', async () => {
    await setPairMode(true);
    const response = await interviewer.request(tokenUrl(true));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; pairing: boolean };
    expect(body.pairing).toBe(true);

    const candidate = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    const path = [...candidate.doc.getMap(SESSION_DOC.files).keys()].find(
      (key) => key.endsWith('.ts') && !key.includes('test'),
    )!;
    candidate.write(path, 'export function twoSum(nums: number[], target: number) {\n');

    const doc = new Y.Doc();
    const provider = new HocuspocusProvider({
      url: stack.collabUrl,
      name: sessionDocumentName(interview.session.id),
      document: doc,
      token: body.token,
    });
    await eventually(() => provider.isSynced, 'the interviewer’s editor syncs');
    await eventually(
      () => doc.getMap<Y.Text>(SESSION_DOC.files).get(path)?.toString().endsWith('{\n'),
      'the interviewer sees the candidate’s code',
    );
    const text = doc.getMap<Y.Text>(SESSION_DOC.files).get(path)!;
    const added = '  // interviewer: try a hash map\n';
    text.insert(text.length, added);
    await eventually(() => !provider.hasUnsyncedChanges, 'the server takes the interviewer’s edit');
    await eventually(
      () => candidate.read(path)?.includes('try a hash map') ?? false,
      'the candidate sees the interviewer’s edit',
    );
    provider.destroy();
    doc.destroy();
    // The candidate goes on typing after the interviewer's line.
    const mine = candidate.doc.getMap<Y.Text>(SESSION_DOC.files).get(path)!;
    mine.insert(mine.length, '  return [0, 1];\n}\n');
    await eventually(() => !candidate.provider.hasUnsyncedChanges, 'the candidate’s edit is taken');
    candidate.close();

    await eventually(async () => {
      const rows = await stack.database.db
        .select({ origin: yjsUpdates.origin, senderId: yjsUpdates.senderId })
        .from(yjsUpdates)
        .where(eq(yjsUpdates.documentName, sessionDocumentName(interview.session.id)));
      return rows.some((row) => row.origin === 'interviewer' && row.senderId === interviewerId);
    }, 'the interviewer’s edit is logged with their id');

    const submitted = await interview.browser.postJson(
      `/api/interview/${interview.candidateId}/submit`,
    );
    expect(submitted.status).toBe(200);
    const [row] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, interview.candidateId));
    const provenance = (
      row!.scoreDetails as unknown as {
        provenance: Array<{ path: string; typed: number; interviewer?: number; total: number }>;
      }
    ).provenance;
    const file = provenance.find((entry) => entry.path === path)!;
    expect(file.interviewer).toBeGreaterThan(0);
    expect(file.typed).toBeGreaterThan(0);
    expect(file.typed + file.interviewer!).toBeLessThanOrEqual(file.total);

    const html = await (await interviewer.request(`/candidates/${interview.candidateId}`)).text();
    expect(html).toContain('<th>Interviewer</th>');
    expect(html).toContain('data-testid="interviewer-share"');
  }, 120_000);

  it('refuses a pair token once the interview is over', async () => {
    const refused = await interviewer.request(tokenUrl(true));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('NOT_ALLOWED_TO_PAIR');
  });
});
