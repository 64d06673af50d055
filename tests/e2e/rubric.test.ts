// Editing an assessment's review rubric in Chromium (issue 19): from the
// assessment page to its rubric, add / rename / weigh / remove / reorder
// dimensions, a refused save that names the problem, a save that lasts, and
// the reset to the default. Screenshot in test-results/. Needs `npm run build`.
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rubricOf } from '../../app/review/rubric.server.ts';
import { DEFAULT_RUBRIC } from '../../app/review/rubric.ts';
import { candidates } from '../../db/schema/index.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let browser: Browser;
let stack: TestStack;
beforeAll(async () => {
  [browser, stack] = await Promise.all([launchBrowser(), startTestStack()]);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('the review rubric page', { timeout: 120_000 }, () => {
  it('edits, saves and resets an assessment’s rubric', async () => {
    const db = stack.database.db;
    const [demo] = await db
      .select({ assessmentId: candidates.assessmentId })
      .from(candidates)
      .where(eq(candidates.organizationId, stack.demo.organizationId));
    const assessmentId = demo!.assessmentId;
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 1100 } })
    ).newPage();
    page.setDefaultTimeout(20_000);
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
    await page.goto(`${stack.baseUrl}/assessments/${assessmentId}`);
    await page.getByRole('link', { name: 'Review rubric' }).click();
    await page.waitForURL(`**/assessments/${assessmentId}/rubric`);
    const items = page.locator('li.rubric-dimension');
    await expect.poll(() => items.count()).toBe(DEFAULT_RUBRIC.length);
    const names = () =>
      items
        .locator('input:not([type=number])')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(await names()).toEqual(DEFAULT_RUBRIC.map((d) => d.label));

    // A new dimension without a name is refused, and the page says which.
    await page.getByRole('button', { name: 'Add a dimension' }).click();
    await page.getByRole('button', { name: 'Save rubric' }).click();
    await page.getByRole('alert').getByText('Dimension 6 has no name.').waitFor();
    expect(await rubricOf(db, assessmentId)).toEqual(DEFAULT_RUBRIC.map((d) => ({ ...d })));

    const added = items.nth(5);
    await added.getByLabel('Name').fill('Debugging');
    await added.getByLabel('Weight').fill('3');
    await added.getByLabel('Guidance for the reviewer').fill('Reads the failing output first.');
    await page.getByRole('button', { name: 'Remove Use of AI' }).click();
    await page.getByRole('button', { name: 'Move Testing up' }).click();
    await items.nth(0).getByLabel('Name').fill('Problem solving and design');
    await page.getByRole('button', { name: 'Save rubric' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await screenshot(page, 'rubric-editor');

    expect(await rubricOf(db, assessmentId)).toEqual([
      { ...DEFAULT_RUBRIC[0]!, label: 'Problem solving and design' },
      DEFAULT_RUBRIC[2],
      DEFAULT_RUBRIC[1],
      DEFAULT_RUBRIC[3],
      {
        key: 'debugging',
        label: 'Debugging',
        guidance: 'Reads the failing output first.',
        weight: 3,
      },
    ]);
    // What a reload shows is what was stored.
    await page.reload();
    expect(await names()).toEqual([
      'Problem solving and design',
      'Testing',
      'Code quality',
      'Communication',
      'Debugging',
    ]);
    await page.getByText('this assessment’s own').waitFor();

    await page.getByRole('button', { name: 'Reset to default' }).click();
    await page.getByRole('status').getByText('Back to the default rubric.').waitFor();
    expect(await names()).toEqual(DEFAULT_RUBRIC.map((d) => d.label));
    expect(await rubricOf(db, assessmentId)).toEqual(DEFAULT_RUBRIC.map((d) => ({ ...d })));
  });
});
