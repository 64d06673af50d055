import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoInterview } from '../support/candidate.ts';
import { signedInClient } from '../support/fixtures.ts';
import type { TestClient } from '../support/http.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Attack (issue 12): `?page=99999999999999999` and friends reached the
 * database as they were and came back as a 500 logged as a server error.
 * Now every number read from a URL is checked: 400 BAD_NUMBER naming the
 * parameter when it is not a whole number within its range.
 */
let stack: TestStack;
let interviewer: TestClient;
let candidateId: string;

beforeAll(async () => {
  stack = await startTestStack();
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
  ({ candidateId } = await startDemoInterview(stack));
});
afterAll(async () => {
  await stack?.close();
});

const hostile = ['99999999999999999', '-1', '1.5', 'abc', '1e3', '0x10'];

describe('a number in the URL', () => {
  for (const value of hostile) {
    it(`answers 400 BAD_NUMBER for the activity feed's after=${JSON.stringify(value)}`, async () => {
      const response = await interviewer.request(
        `/api/candidates/${candidateId}/activity?after=${encodeURIComponent(value)}`,
      );
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: 'BAD_NUMBER' });
    });

    it(`answers 400 for the candidate list's page=${JSON.stringify(value)}`, async () => {
      const response = await interviewer.request(`/candidates?page=${encodeURIComponent(value)}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('page');
    });
  }

  it('still serves valid numbers', async () => {
    expect(
      (await interviewer.request(`/api/candidates/${candidateId}/activity?after=0`)).status,
    ).toBe(200);
    expect((await interviewer.request(`/api/candidates/${candidateId}/activity`)).status).toBe(200);
    expect((await interviewer.request('/candidates?page=2')).status).toBe(200);
    expect((await interviewer.request('/candidates')).status).toBe(200);
  });
});
