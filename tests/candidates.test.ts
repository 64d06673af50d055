import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveJobs, candidates, interviewSessions } from '../db/schema/index.ts';
import { seedScale } from '../db/seed/scale.ts';
import { createOrganization, signedInClient } from './support/fixtures.ts';
import type { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let interviewer: TestClient;
let seeded: Awaited<ReturnType<typeof seedScale>>;
beforeAll(async () => {
  stack = await startTestStack();
  seeded = await seedScale(stack.database.db, {
    candidates: 120,
    assessments: 6,
    organizationId: stack.demo.organizationId,
  });
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
}, 90_000);
afterAll(async () => {
  await stack?.close();
});

const rowsOf = (html: string) => [
  ...new Set([...html.matchAll(/href="\/candidates\/([0-9a-f-]{36})"/g)].map((m) => m[1]!)),
];

describe('the candidate list', () => {
  it('pages through every candidate of the organization, 25 at a time', async () => {
    const first = await (await interviewer.request('/candidates')).text();
    expect(rowsOf(first)).toHaveLength(25);
    expect(first).toContain('121 candidates'); // 120 seeded + the demo candidate
    expect(first).toContain('Page 1 of 5');
    const last = await (await interviewer.request('/candidates?page=5')).text();
    expect(rowsOf(last)).toHaveLength(21);
  });

  it('filters by status and sorts by score', async () => {
    const html = await (
      await interviewer.request('/candidates?status=COMPLETED&sort=score&dir=desc')
    ).text();
    const ids = rowsOf(html);
    const rows = await stack.database.db
      .select({ id: candidates.id, score: candidates.overallScore, status: candidates.status })
      .from(candidates)
      .where(
        and(
          eq(candidates.organizationId, stack.demo.organizationId),
          eq(candidates.status, 'COMPLETED'),
        ),
      );
    const scoreOf = new Map(rows.map((r) => [r.id, r.score ?? -1]));
    const scores = ids.map((id) => scoreOf.get(id));
    expect(scores.length).toBe(25);
    expect(scores.every((s) => s !== undefined)).toBe(true);
    expect([...scores].sort((a, b) => b! - a!)).toEqual(scores);
  });

  it('searches by name or e-mail', async () => {
    const html = await (await interviewer.request('/candidates?q=ada%40candidate')).text();
    expect(rowsOf(html)).toHaveLength(1);
    expect(html).toContain('Ada Lovelace');
  });
});

describe('candidate page and comparison', () => {
  it('shows a completed candidate’s scores', async () => {
    const [done] = await stack.database.db
      .select()
      .from(candidates)
      .where(
        and(
          eq(candidates.organizationId, stack.demo.organizationId),
          eq(candidates.status, 'COMPLETED'),
        ),
      )
      .limit(1);
    const html = await (await interviewer.request(`/candidates/${done!.id}`)).text();
    expect(html).toContain(done!.name);
    expect(html).toContain(String(Math.round(done!.overallScore!)));
  });

  it('says when the workspace archive gave up, and not while it is fine', async () => {
    const done = await stack.database.db
      .select({ id: candidates.id, sessionId: interviewSessions.id })
      .from(candidates)
      .innerJoin(interviewSessions, eq(interviewSessions.candidateId, candidates.id))
      .where(
        and(
          eq(candidates.organizationId, stack.demo.organizationId),
          eq(candidates.status, 'COMPLETED'),
        ),
      )
      .limit(2);
    const [failed, archived] = done as [(typeof done)[0], (typeof done)[0]];
    await stack.database.db.insert(archiveJobs).values([
      {
        sessionId: failed.sessionId,
        organizationId: stack.demo.organizationId,
        status: 'failed',
        attempts: 5,
        error: 'the archive store is unreachable',
      },
      { sessionId: archived.sessionId, organizationId: stack.demo.organizationId, status: 'done' },
    ]);
    const page = await (await interviewer.request(`/candidates/${failed.id}`)).text();
    expect(page).toContain('data-testid="archive-failed"');
    expect(page).toContain('5 attempts, last error: the archive store is unreachable');
    const fine = await (await interviewer.request(`/candidates/${archived.id}`)).text();
    expect(fine).not.toContain('archive-failed');
  });

  it('never sends the invitation token’s hash to the browser', async () => {
    const [invited] = await stack.database.db
      .select()
      .from(candidates)
      .where(
        and(
          eq(candidates.organizationId, stack.demo.organizationId),
          eq(candidates.status, 'INVITED'),
        ),
      )
      .limit(1);
    expect(invited!.inviteTokenHash).toBeTruthy();
    const html = await (await interviewer.request(`/candidates/${invited!.id}`)).text();
    expect(html).toContain(invited!.name);
    expect(html).not.toContain(invited!.inviteTokenHash!);
    expect(html).not.toContain('inviteTokenHash');
  });

  it('compares 2 to 4 candidates side by side with a radar chart', async () => {
    const ids = seeded.candidateIds.slice(0, 3);
    const response = await interviewer.request(`/candidates/compare?ids=${ids.join(',')}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Radar chart of the score dimensions');
    for (const id of ids) expect(html).toContain(`/candidates/${id}`);
    expect((await interviewer.request(`/candidates/compare?ids=${ids[0]}`)).status).toBe(400);
    expect(
      (
        await interviewer.request(
          `/candidates/compare?ids=${seeded.candidateIds.slice(0, 5).join(',')}`,
        )
      ).status,
    ).toBe(400);
  });

  it('answers 404 for another organization’s candidate, alone or in a comparison', async () => {
    const other = await createOrganization(stack.database.db, 'Elsewhere');
    const foreign = await seedScale(stack.database.db, {
      candidates: 2,
      assessments: 1,
      organizationId: other.organization.id,
    });
    const id = foreign.candidateIds[0]!;
    expect((await interviewer.request(`/candidates/${id}`)).status).toBe(404);
    expect(
      (await interviewer.request(`/candidates/compare?ids=${seeded.candidateIds[0]},${id}`)).status,
    ).toBe(404);
    expect(await (await interviewer.request('/candidates?q=example.com')).text()).not.toContain(id);
    expect((await interviewer.request(`/candidates/${id}/observe`)).status).toBe(404);
  });
});

describe('the dashboard', () => {
  it('shows KPIs, the pipeline and the funnels from SQL aggregates', async () => {
    const html = await (await interviewer.request('/dashboard')).text();
    expect(html).toContain('Pipeline');
    expect(html).toContain('Assessment funnels');
    const [row] = await stack.database.db
      .select({ n: candidates.id })
      .from(candidates)
      .where(eq(candidates.organizationId, stack.demo.organizationId));
    expect(row).toBeTruthy();
    expect(html).toContain('121');
  });
});
