// The AI review on the candidate page (issue 19), in Chromium: scores with
// reasoning, citations that open the replay at their instant, dropped
// citations, and the reviewer's accept / change / reject; and the section
// saying the review is off when no API key is configured. Screenshots go to
// test-results/. Needs `npm run build`.
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidates } from '../../db/schema/index.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { scriptedReview, submitSignedSolution } from '../support/review.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function reviewerPage(stack: TestStack): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 } })
  ).newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
  return page;
}

describe('the AI review section', { timeout: 120_000 }, () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ assistant: true, env: { REVIEW_POLL_MS: '600000' } });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('shows scores, reasoning and citations into the replay, and records the reviewer’s decisions', async () => {
    const { interview, instants } = await submitSignedSolution(stack);
    const page = await reviewerPage(stack);
    await page.goto(`${stack.baseUrl}/candidates/${interview.candidateId}`);
    await page.getByText('The review is being written…').waitFor();

    stack.anthropic!.script(scriptedReview(instants));
    await stack.tandem.app.reviews.tick();
    // The section polls while the review is being written.
    const section = page.locator('section.review');
    await section.getByText('Solved Two Sum with a hash map').waitFor();
    const problemSolving = section.locator('[data-dimension="problem_solving"]');
    await expect.poll(() => problemSolving.locator('.review-score').textContent()).toBe('4 / 5');
    await problemSolving.getByText('1 citation dropped').waitFor();
    await screenshot(page, 'review-section');

    await section
      .locator('[data-dimension="code_quality"]')
      .getByRole('button', { name: 'Accept 4' })
      .click();
    await section.locator('[data-dimension="code_quality"]').getByText('Accepted: 4 / 5').waitFor();
    const testing = section.locator('[data-dimension="testing"]');
    await testing.getByLabel('Testing score').fill('1.5');
    await testing.getByRole('button', { name: 'Change' }).click();
    await testing.getByText('Changed: 1.5 / 5').waitFor();
    await section
      .locator('[data-dimension="use_of_ai"]')
      .getByRole('button', { name: 'Reject' })
      .click();
    await section.locator('[data-dimension="use_of_ai"]').getByText('Rejected').waitFor();
    await screenshot(page, 'review-section-decided');

    const citation = problemSolving.locator('.review-citations a').first();
    const href = await citation.getAttribute('href');
    expect(href).toMatch(new RegExp(`^/candidates/${interview.candidateId}/replay\\?t=\\d+$`));
    await citation.click();
    await page.waitForURL((url) => url.pathname.endsWith('/replay') && url.searchParams.has('t'));
    await page.context().close();
  });
});

describe('without an API key', { timeout: 120_000 }, () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('says the review is off', async () => {
    const [candidate] = await stack.database.db
      .select({ id: candidates.id })
      .from(candidates)
      .where(eq(candidates.organizationId, stack.demo.organizationId));
    const page = await reviewerPage(stack);
    await page.goto(`${stack.baseUrl}/candidates/${candidate!.id}`);
    await page.locator('section.review').getByText('The AI review is off').waitFor();
    await screenshot(page, 'review-section-off');
    await page.context().close();
  });
});
