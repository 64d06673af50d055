// Organizations are walled off from each other: a member of organization A
// finds nothing of organization B through any page or API, and B's ids answer
// 404 as if they did not exist (issue 7).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteCandidate } from '../app/assessments/candidate-invitations.server.ts';
import { startInterview } from '../app/interview/start.server.ts';
import { assessmentProblems, assessments, problems } from '../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { createMember, createOrganization, signedInClient } from './support/fixtures.ts';
import type { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let a: TestClient;
let aCandidateId = '';
const b = { candidateId: '', assessmentId: '', problemId: '', email: 'secret.candidate@b.test' };

beforeAll(async () => {
  stack = await startTestStack();
  const db = stack.database.db;
  const context = { services: stack.tandem.app.services };
  const other = await createOrganization(db, 'Org B');
  const [problem] = await db
    .insert(problems)
    .values({
      ...DEMO_PROBLEMS[0]!,
      title: 'B secret problem',
      organizationId: other.organization.id,
    })
    .returning();
  const [assessment] = await db
    .insert(assessments)
    .values({
      organizationId: other.organization.id,
      title: 'B secret assessment',
      durationMinutes: 30,
    })
    .returning();
  await db
    .insert(assessmentProblems)
    .values({ assessmentId: assessment!.id, problemId: problem!.id, position: 0 });
  const invited = await inviteCandidate(context, {
    organizationId: other.organization.id,
    assessmentId: assessment!.id,
    invitedById: other.owner.id,
    name: 'B Secret Candidate',
    email: b.email,
  });
  await startInterview(context, invited.candidateId);
  Object.assign(b, {
    candidateId: invited.candidateId,
    assessmentId: assessment!.id,
    problemId: problem!.id,
  });

  const interviewerA = await createMember(db, stack.demo.organizationId, 'admin');
  a = await signedInClient(stack.baseUrl, interviewerA.email);
  const [demoAssessment] = await db
    .select()
    .from(assessments)
    .where(eq(assessments.organizationId, stack.demo.organizationId));
  const ownA = await inviteCandidate(context, {
    organizationId: stack.demo.organizationId,
    assessmentId: demoAssessment!.id,
    invitedById: interviewerA.id,
    name: 'A Candidate',
    email: 'a.candidate@a.test',
  });
  aCandidateId = ownA.candidateId;
}, 90_000);
afterAll(async () => {
  await stack?.close();
});

describe('a member of organization A and organization B’s objects', () => {
  it.each([
    ['candidate page', () => `/candidates/${b.candidateId}`],
    ['live observer view', () => `/candidates/${b.candidateId}/observe`],
    ['replay', () => `/candidates/${b.candidateId}/replay`],
    ['history API', () => `/api/candidates/${b.candidateId}/history`],
    ['activity API', () => `/api/candidates/${b.candidateId}/activity`],
    ['files API', () => `/api/interview/${b.candidateId}/files`],
    ['comparison', () => `/candidates/compare?ids=${aCandidateId},${b.candidateId}`],
    ['assessment', () => `/assessments/${b.assessmentId}`],
    ['assessment editor', () => `/assessments/${b.assessmentId}/edit`],
    ['review rubric', () => `/assessments/${b.assessmentId}/rubric`],
    ['review rubric API', () => `/api/assessments/${b.assessmentId}/rubric`],
    ['problem', () => `/questions/${b.problemId}`],
  ])('the %s answers 404', async (_name, path) => {
    const response = await a.request(path());
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('B Secret');
  });

  it.each([
    ['candidate list', '/candidates?q=secret'],
    ['candidate list, unfiltered', '/candidates'],
    ['assessments', '/assessments'],
    ['question bank', '/questions?q=secret'],
    ['question export', '/questions/export'],
    ['outbox', '/outbox'],
    ['dashboard', '/dashboard'],
  ])('the %s lists nothing of B', async (_name, path) => {
    const response = await a.request(path);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).not.toContain('B Secret');
    expect(body).not.toContain('B secret');
    expect(body).not.toContain(b.email);
  });

  it('cannot act on B’s objects either', async () => {
    expect(
      (
        await a.postForm(`/assessments/${b.assessmentId}`, {
          intent: 'invite',
          name: 'x',
          email: 'x@x.test',
        })
      ).status,
    ).toBe(404);
    expect((await a.postForm(`/questions/${b.problemId}`, { intent: 'remove' })).status).toBe(404);
    const [still] = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.id, b.problemId));
    expect(still?.archivedAt).toBeNull();
  });
});

describe('roles inside an organization', () => {
  it('a viewer cannot create assessments, invite or see the outbox', async () => {
    const viewer = await createMember(stack.database.db, stack.demo.organizationId, 'viewer');
    const client = await signedInClient(stack.baseUrl, viewer.email);
    expect((await client.request('/assessments/new')).status).toBe(403);
    const [assessment] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.organizationId, stack.demo.organizationId));
    expect(
      (
        await client.postForm(`/assessments/${assessment!.id}`, {
          intent: 'invite',
          name: 'x',
          email: 'x@x.test',
        })
      ).status,
    ).toBe(403);
    expect((await client.request('/outbox')).status).toBe(403);
    expect(
      (
        await client.postForm('/settings/team', {
          intent: 'invite',
          email: 'y@y.test',
          role: 'viewer',
        })
      ).status,
    ).toBe(403);
    // …but can read.
    expect((await client.request('/candidates')).status).toBe(200);
    expect((await client.request(`/candidates/${aCandidateId}`)).status).toBe(200);
  });
});
