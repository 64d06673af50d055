import { type AddressInfo, createServer } from 'node:net';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { stopPairingInAssessment } from '../app/collab/pairing.server.ts';
import { connectClient, type TestClient } from '../collab-server/testing/clients.ts';
import { assessmentProblems, assessments, candidates, yjsUpdates } from '../db/schema/index.ts';
import { type AccessNotice, parseAccessNotice } from '../protocol/access-notice.ts';
import { SESSION_DOC, sessionDocumentName } from '../protocol/documents.ts';
import { startDemoInterview, startInvitedCandidate } from './support/candidate.ts';
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

/**
 * Turning pair mode off on the assessment form reaches interviewers already
 * editing (decision 027): the app asks the collab-server to stop pairing in
 * every open session of the assessment; their connections turn read-only in
 * place and their pages are told.
 */
describe('turning pair mode off while interviewers are editing', () => {
  const clients: TestClient[] = [];
  afterAll(() => {
    for (const client of clients) client.destroy();
  });

  /** The assessment form as it is now, with pair mode as given. */
  async function assessmentForm(assessmentId: string, pairMode: boolean) {
    const [assessment] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.id, assessmentId));
    const problemRows = await stack.database.db
      .select({ problemId: assessmentProblems.problemId })
      .from(assessmentProblems)
      .where(eq(assessmentProblems.assessmentId, assessmentId))
      .orderBy(assessmentProblems.position);
    const body = new URLSearchParams({
      title: assessment!.title,
      description: assessment!.description,
      durationMinutes: String(assessment!.durationMinutes),
      aiPolicy: assessment!.aiPolicy,
    });
    if (assessment!.enableAI) body.append('enableAI', 'on');
    if (assessment!.enableTerminal) body.append('enableTerminal', 'on');
    if (assessment!.variantPerCandidate) body.append('variantPerCandidate', 'on');
    if (pairMode) body.append('pairMode', 'on');
    for (const row of problemRows) body.append('problemIds', row.problemId);
    return body.toString();
  }

  it('stops the editing in every open interview of the assessment at once, and refuses new pair tokens', async () => {
    const team = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const started = [
      await startInvitedCandidate(stack, 'Pair Off One', 'pair-off-1@example.test'),
      await startInvitedCandidate(stack, 'Pair Off Two', 'pair-off-2@example.test'),
    ];
    const [first] = await stack.database.db
      .select({ assessmentId: candidates.assessmentId })
      .from(candidates)
      .where(eq(candidates.id, started[0]!.candidateId));
    const assessmentId = first!.assessmentId;
    const edit = (pairMode: boolean) =>
      assessmentForm(assessmentId, pairMode).then((body) =>
        team.request(`/assessments/${assessmentId}/edit`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        }),
      );
    expect((await edit(true)).status).toBe(302);

    const pairs = [];
    for (const { candidateId, session } of started) {
      const response = await team.request(`/api/candidates/${candidateId}/observer-token?pair=1`);
      expect(response.status).toBe(200);
      const { token } = (await response.json()) as { token: string };
      const candidate = await connectToSession(stack, session, {
        role: 'candidate',
        subject: candidateId,
      });
      const path = [...candidate.doc.getMap(SESSION_DOC.files).keys()].find(
        (key) => key.endsWith('.ts') && !key.includes('test'),
      )!;
      const interviewer = connectClient(stack.collabUrl, sessionDocumentName(session.id), token);
      clients.push(interviewer);
      const notices: AccessNotice[] = [];
      interviewer.provider.on('stateless', ({ payload }: { payload: string }) => {
        const notice = parseAccessNotice(payload);
        if (notice) notices.push(notice);
      });
      await eventually(() => interviewer.provider.isSynced, 'the interviewer’s editor syncs');
      const text = interviewer.doc.getMap<Y.Text>(SESSION_DOC.files).get(path)!;
      text.insert(0, '// interviewer, before\n');
      await eventually(() => !interviewer.provider.hasUnsyncedChanges, 'the edit is taken');
      await eventually(
        () => candidate.read(path)?.startsWith('// interviewer, before'),
        'the candidate sees it',
      );
      pairs.push({ candidateId, candidate, interviewer, notices, path, text });
    }

    expect((await edit(false)).status).toBe(302);
    const [saved] = await stack.database.db
      .select({ pairMode: assessments.pairMode })
      .from(assessments)
      .where(eq(assessments.id, assessmentId));
    expect(saved!.pairMode).toBe(false);

    for (const { candidateId, candidate, interviewer, notices, path, text } of pairs) {
      // Told without reconnecting: the same connection, now read-only.
      await eventually(() => notices.length > 0, 'the interviewer is told');
      expect(notices).toEqual([{ type: 'access', readOnly: true, reason: 'PAIR_MODE_OFF' }]);
      expect(interviewer.closes).toEqual([]);
      const dropped = interviewer.droppedUpdates();
      text.insert(0, '// interviewer, after\n');
      await eventually(() => interviewer.droppedUpdates() > dropped, 'the server refuses the edit');
      // The candidate goes on writing; the edit made before stays, the one after never arrives.
      const mine = candidate.doc.getMap<Y.Text>(SESSION_DOC.files).get(path)!;
      mine.insert(mine.length, '// candidate, after\n');
      await eventually(
        () => !candidate.provider.hasUnsyncedChanges,
        'the candidate’s edit is taken',
      );
      const seen = candidate.read(path)!;
      expect(seen.startsWith('// interviewer, before')).toBe(true);
      expect(seen).not.toContain('interviewer, after');
      expect(seen.endsWith('// candidate, after\n')).toBe(true);
      candidate.close();

      const refused = await team.request(`/api/candidates/${candidateId}/observer-token?pair=1`);
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.code).toBe('NOT_ALLOWED_TO_PAIR');
    }

    // A collab-server that cannot be reached is logged, not an error: the database refuses anyway.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const services = stack.tandem.app.services;
    const collabUrl = `ws://127.0.0.1:${port}`;
    const unreachable = {
      services: { ...services, config: { ...services.config, COLLAB_URL: collabUrl } },
    };
    await expect(
      stopPairingInAssessment(unreachable, stack.demo.organizationId, assessmentId),
    ).resolves.toEqual({ sessions: 2, reached: 0 });
  }, 120_000);
});
