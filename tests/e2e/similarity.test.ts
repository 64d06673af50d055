// Similar submissions on the candidate page (issue 19), in Chromium: a copy
// of another candidate's solution, renamed and re-laid-out, is named with
// both passages side by side; an independent solution is not. Screenshot in
// test-results/. Needs `npm run build`.
import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSubmission } from '../../app/similarity/testing.ts';
import { assessments, candidates, problems } from '../../db/schema/index.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { shownText } from '../support/pages.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const original = `export function twoSum(nums: number[], target: number): [number, number] {
  const seen = new Map<number, number>();
  for (let i = 0; i < nums.length; i++) {
    const want = target - nums[i]!;
    const j = seen.get(want);
    if (j !== undefined) return [j, i];
    seen.set(nums[i]!, i);
  }
  throw new Error('no solution');
}
`;
const copy = `// written from scratch
export function twoSum(values: number[], goal: number): [number, number] {
  const index = new Map<number, number>();
  for (let k = 0; k < values.length; k++) {
    const need = goal - values[k]!;
    const other = index.get(need);
    if (other !== undefined) return [other, k];
    index.set(values[k]!, k);
  }
  throw new Error('none');
}
`;
const independent = `export function twoSum(numbers: number[], goal: number): [number, number] {
  for (let left = 0; left < numbers.length; left += 1) {
    for (let right = left + 1; right < numbers.length; right += 1) {
      if (numbers[left]! + numbers[right]! === goal) return [left, right];
    }
  }
  throw new Error('no pair adds up to the goal');
}
`;

let browser: Browser;
let stack: TestStack;
beforeAll(async () => {
  [browser, stack] = await Promise.all([launchBrowser(), startTestStack()]);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('similar submissions on the candidate page', { timeout: 120_000 }, () => {
  it('names the candidate whose code was copied, with both passages side by side', async () => {
    const db = stack.database.db;
    const organizationId = stack.demo.organizationId;
    const [assessment] = await db
      .select()
      .from(assessments)
      .where(
        and(
          eq(assessments.organizationId, organizationId),
          eq(assessments.title, 'Backend Engineer Screen'),
        ),
      );
    const [problem] = await db.select().from(problems).where(eq(problems.title, 'Two Sum'));
    const submission = (name: string, text: string) =>
      insertSubmission(db, {
        organizationId,
        assessmentId: assessment!.id,
        problemId: problem!.id,
        name,
        given: problem!.visibleTests.map((file) => ({ path: file.path, text: file.content })),
        written: [{ path: 'solution.ts', text }],
      });
    await submission('Mary Jackson', original);
    await submission('Annie Easley', independent);
    const copier = await submission('Christine Darden', copy);

    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    page.setDefaultTimeout(30_000);
    await signIn(page, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
    await page.goto(`${stack.baseUrl}/candidates/${copier}`);
    const section = page.locator('section.similarity');
    await section.getByText('Compared with 2 other submissions').waitFor();
    const match = section.locator('details.similar-match');
    expect(await match.count()).toBe(1);
    await expect(shownText(match.locator('summary'))).resolves.toContain('Mary Jackson');
    await match.locator('summary').click();
    const [mine, theirs] = await match.locator('.similar-passage pre').allInnerTexts();
    expect(mine).toContain('index.get(need)');
    expect(theirs).toContain('seen.get(want)');
    expect(await shownText(section)).not.toContain('Annie Easley');
    await screenshot(page, 'similarity-candidate-page');

    // The comparison of the three: the copied pair with its passages, the others scored low.
    await match.getByRole('link', { name: 'Compare' }).click();
    await page.waitForURL('**/candidates/compare?ids=*');
    const ids = new URL(page.url()).searchParams.get('ids')!;
    const annie = (
      await db
        .select({ id: candidates.id })
        .from(candidates)
        .where(eq(candidates.name, 'Annie Easley'))
    )[0]!.id;
    await page.goto(`${stack.baseUrl}/candidates/compare?ids=${ids},${annie}`);
    const compared = page.locator('section.compared-similarity');
    const pairs = compared.locator('li.similar-pair');
    await expect.poll(() => pairs.count()).toBe(3);
    const flagged = compared.locator('li.similar-pair[data-flagged="true"]');
    expect(await flagged.count()).toBe(1);
    const flaggedText = await shownText(flagged.locator('summary'));
    expect(flaggedText).toContain('Christine Darden ↔ Mary Jackson');
    expect(flaggedText).toContain('most of the code');
    const [left, right] = await flagged.locator('.similar-passage pre').allInnerTexts();
    expect(left).toContain('index.get(need)');
    expect(right).toContain('seen.get(want)');
    const others = await compared.locator('li.similar-pair[data-flagged="false"]').allInnerTexts();
    expect(others.every((text) => text.includes('Annie Easley') && /\d+% shared/.test(text))).toBe(
      true,
    );
    await compared.scrollIntoViewIfNeeded();
    await screenshot(page, 'similarity-compare-page');
  });
});
