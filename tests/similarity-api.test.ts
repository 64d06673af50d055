import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoInterview } from './support/candidate.ts';
import { createOrganization, signedInClient } from './support/fixtures.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('GET /api/candidates/:id/similarity', () => {
  it('answers a member once the interview is handed in, and nobody outside the organization', async () => {
    const interview = await startDemoInterview(stack);
    const member = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const url = `/api/candidates/${interview.candidateId}/similarity`;

    const early = await member.request(url);
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe('NOT_SUBMITTED');

    const submitted = await interview.browser.postJson(
      `/api/interview/${interview.candidateId}/submit`,
    );
    expect(submitted.status).toBe(200);
    const report = await member.request(url);
    expect(report.status).toBe(200);
    // The only submission of its problem in this organization: nothing to compare with.
    expect(await report.json()).toEqual({ compared: 0, matches: [] });

    const foreign = await createOrganization(stack.database.db, 'Elsewhere');
    const outsider = await signedInClient(stack.baseUrl, foreign.owner.email);
    const refused = await outsider.request(url);
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe('NOT_FOUND');
    // Not signed in at all: no data either.
    const anonymous = await fetch(`${stack.baseUrl}${url}`, { redirect: 'manual' });
    expect(anonymous.status).not.toBe(200);
  });
});
