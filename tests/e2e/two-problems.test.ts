// A two-problem interview in headless Chromium (issue 14, decision 021): the
// candidate opens the invitation, solves Two Sum, moves on with "Done — next
// problem", hits a compile error in LRU Cache and sees the compiler's output
// in the tests panel, submits; the report shows both problems with their
// scores and the compile error. Screenshots go to test-results/. Needs `npm run build`.
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments } from '../../db/schema/index.ts';
import { DEMO } from '../../db/seed/demo.ts';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { inviteToAssessment } from '../support/candidate.ts';
import { connectToSession, type TestCollabClient } from '../support/collab-client.ts';
import { shownText, waitForWorkspace } from '../support/pages.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let browser: Browser;
let candidate: Page;
let writer: TestCollabClient;
let candidateId = '';

const eventually = <T>(read: () => Promise<T>) =>
  expect.poll(read, { timeout: 60_000, interval: 250 });

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  writer?.close();
  await browser?.close();
  await stack?.close();
});

describe('a two-problem interview from invitation to report', { timeout: 120_000 }, () => {
  it('the candidate starts and sees both problems, on the first', async () => {
    const [assessment] = await stack.database.db
      .select()
      .from(assessments)
      .where(eq(assessments.title, DEMO.twoProblemTitle));
    const { token } = await inviteToAssessment(
      stack,
      assessment!.id,
      'Dorothy Vaughan',
      'dv@candidate.test',
    );
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    candidate = await context.newPage();
    await candidate.goto(`${stack.baseUrl}/invite/${token}`);
    await candidate.getByRole('button', { name: 'Start interview' }).click();
    await candidate.waitForURL(/\/interview\/[^/]+$/);
    candidateId = new URL(candidate.url()).pathname.split('/').pop()!;
    await waitForWorkspace(candidate);
    await expect(shownText(candidate.locator('.problem-nav-position'))).resolves.toBe(
      'Problem 1 of 2',
    );
    const session = await stack.database.db.query.interviewSessions.findFirst({
      where: (row, { eq: same }) => same(row.candidateId, candidateId),
    });
    writer = await connectToSession(stack, session!, { role: 'candidate', subject: candidateId });
    writer.write('1-two-sum/solution.ts', DEMO_PROBLEMS[0]!.referenceSolution[0]!.content);
    await candidate.getByRole('tab', { name: 'Tests' }).click();
    await eventually(async () => {
      await candidate.getByRole('button', { name: 'Run tests' }).click();
      await candidate
        .locator('.test-results-summary')
        .getByText(/passed|failed|error/i)
        .waitFor();
      return shownText(candidate.locator('.test-results-summary'));
    }).toMatch(/5\/5 passed/);
    await screenshot(candidate, 'two-problems-1-first-solved');
  });

  it('moves on, and a compile error shows the compiler’s output in the tests panel', async () => {
    await candidate.getByRole('button', { name: 'Done — next problem' }).click();
    await eventually(() => shownText(candidate.locator('.problem-nav-position'))).toBe(
      'Problem 2 of 2',
    );
    await expect(shownText(candidate.locator('.problem-header h2'))).resolves.toBe('LRU Cache');
    writer.write('2-lru-cache/lru-cache.ts', 'export class LRUCache {\n  get(key: number {\n}\n');
    await eventually(async () => {
      await candidate.getByRole('button', { name: 'Run tests' }).click();
      await candidate
        .locator('.test-results-summary')
        .getByText(/passed|failed|error/i)
        .waitFor();
      return shownText(candidate.locator('.test-results'));
    }).toContain('SyntaxError');
    // Shown in capitals by the stylesheet.
    await expect(shownText(candidate.locator('.run-output-label').first())).resolves.toMatch(
      /^output of the test process$/i,
    );
    await screenshot(candidate, 'two-problems-2-compile-error');
  });

  it('after submission the report shows both problems, their scores and the compile error', async () => {
    const response = await candidate.request.post(
      `${stack.baseUrl}/api/interview/${candidateId}/submit`,
    );
    expect(response.ok()).toBe(true);
    const admin = await (
      await browser.newContext({ viewport: { width: 1440, height: 1400 } })
    ).newPage();
    await signIn(admin, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
    await admin.goto(`${stack.baseUrl}/candidates/${candidateId}`);
    const table = admin.locator('table.problem-scores');
    await expect(shownText(table)).resolves.toMatch(/1\. Two Sum\s+100/);
    await expect(shownText(table)).resolves.toContain('2. LRU Cache');
    await expect(shownText(admin.locator('.run-output').first())).resolves.toContain('SyntaxError');
    await screenshot(admin, 'two-problems-3-report');
  });
});
