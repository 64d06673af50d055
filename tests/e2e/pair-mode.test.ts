// Pair mode in headless Chromium (issue 14, decision 027): with "Interviewers
// may edit the code" on, an interviewer watching live turns on "Edit with the
// candidate"; both type in the same file and each sees the other's line; after
// the team turns pair mode off on the assessment form and the interviewer's
// page goes back to watching at once, keeping what they wrote; after
// submission the replay's legend and the report count the interviewer apart.
// Screenshots go to test-results/. Needs `npm run build`.
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, candidates, yjsUpdates } from '../../db/schema/index.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { editorText, shownText, typeAtEnd, waitForWorkspace } from '../support/pages.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let candidate: Page;
let observer: Page;
let candidateId = '';
let assessmentId = '';

const eventually = <T>(read: () => Promise<T>) =>
  expect.poll(read, { timeout: 30_000, interval: 200 });

async function newPage(height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height } });
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
  const [demo] = await stack.database.db.select().from(candidates).limit(1);
  assessmentId = demo!.assessmentId;
  await stack.database.db
    .update(assessments)
    .set({ pairMode: true })
    .where(eq(assessments.id, demo!.assessmentId));
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

describe('an interviewer pairing with the candidate', { timeout: 90_000 }, () => {
  it('the candidate starts and types', async () => {
    candidate = await newPage();
    await candidate.goto(`${stack.baseUrl}/invite/${stack.demo.inviteToken}`);
    await candidate.getByRole('button', { name: 'Start interview' }).click();
    await candidate.waitForURL(/\/interview\/[^/]+$/);
    candidateId = new URL(candidate.url()).pathname.split('/').pop()!;
    await waitForWorkspace(candidate);
    await candidate.getByRole('treeitem', { name: 'solution.ts', exact: true }).click();
    await typeAtEnd(candidate, '\n// candidate: one pass with a map');
    await eventually(() => editorText(candidate)).toContain('one pass with a map');
  });

  it('the interviewer turns on “Edit with the candidate” and both see each other type', async () => {
    observer = await newPage();
    await signIn(observer, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
    await observer.goto(`${stack.baseUrl}/candidates/${candidateId}/observe`);
    await waitForWorkspace(observer);
    await expect(shownText(observer.locator('.workspace-title'))).resolves.toContain('read-only');
    await observer.getByTestId('pair-toggle').click();
    await observer.getByTestId('pairing-badge').waitFor();
    await waitForWorkspace(observer);
    await eventually(() => editorText(observer)).toContain('one pass with a map');
    await typeAtEnd(observer, '\n// interviewer: what about duplicates?');
    await eventually(() => editorText(candidate)).toContain('what about duplicates?');
    await typeAtEnd(candidate, '\n// candidate: a map keeps the first index');
    await eventually(() => editorText(observer)).toContain('keeps the first index');
    await eventually(async () => {
      const rows = await stack.database.db.select({ origin: yjsUpdates.origin }).from(yjsUpdates);
      return rows.some((row) => row.origin === 'interviewer');
    }).toBe(true);
    await screenshot(observer, 'pair-1-interviewer-editing');
    await screenshot(candidate, 'pair-2-candidate-sees-interviewer');
  });

  it('the team turns pair mode off: the interviewer’s page goes back to watching at once', async () => {
    const team = await newPage();
    await signIn(team, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
    await team.goto(`${stack.baseUrl}/assessments/${assessmentId}/edit`);
    const setting = team.getByRole('checkbox', { name: 'Interviewers may edit the code' });
    expect(await setting.isChecked()).toBe(true);
    await setting.uncheck();
    const saved = Date.now();
    await team.getByRole('button', { name: 'Save changes' }).click();
    await team.waitForURL(new RegExp(`/assessments/${assessmentId}$`));

    // Within a few seconds, without reloading: read-only, the notice, no offer to edit.
    const notice = observer.getByTestId('pair-turned-off');
    await notice.waitFor({ timeout: 5_000 });
    expect(Date.now() - saved).toBeLessThan(5_000);
    expect(await shownText(notice)).toBe('The team turned off editing for this assessment.');
    expect(await observer.getByTestId('pair-toggle').count()).toBe(0);
    expect(await observer.getByTestId('pairing-badge').count()).toBe(0);
    await expect(shownText(observer.locator('.workspace-title'))).resolves.toContain('read-only');
    await waitForWorkspace(observer);
    // What they wrote before stays; typing now changes nothing, anywhere.
    await eventually(() => editorText(observer)).toContain('what about duplicates?');
    await typeAtEnd(observer, '\n// interviewer: typed after the switch');
    await typeAtEnd(candidate, '\n// candidate: still typing');
    await eventually(() => editorText(observer)).toContain('still typing');
    expect(await editorText(observer)).not.toContain('typed after the switch');
    expect(await editorText(candidate)).not.toContain('typed after the switch');
    expect(await editorText(candidate)).toContain('what about duplicates?');
    await screenshot(observer, 'pair-2b-editing-turned-off');
    await team.close();
  });

  it('after submission the replay and the report show both authors', async () => {
    const response = await candidate.request.post(
      `${stack.baseUrl}/api/interview/${candidateId}/submit`,
    );
    expect(response.ok()).toBe(true);
    // The observer page follows the end: read-only again, no toggle.
    await observer.getByTestId('room-ended').waitFor();
    expect(await observer.getByTestId('pair-toggle').count()).toBe(0);

    const replay = await observer.context().newPage();
    await replay.goto(`${stack.baseUrl}/candidates/${candidateId}/replay`);
    const slider = replay.getByRole('slider', { name: 'Session time' });
    await slider.waitFor();
    await slider.focus();
    await replay.keyboard.press('End');
    await replay.getByRole('button', { name: 'solution.ts', exact: true }).click();
    // The interviewer's line is coloured as theirs in the replay's editor.
    const theirs = replay.locator(
      '[data-testid="replay-editor"] .view-lines .replay-prov-interviewer',
    );
    await eventually(async () =>
      (await theirs.allInnerTexts()).join('').replace(/\u00a0/g, ' '),
    ).toContain('what about duplicates?');
    const legend = replay.getByRole('region', { name: 'Who wrote the code' });
    await eventually(async () => {
      const row = legend.getByRole('row', { name: /Interviewer/ });
      return (await row.count()) > 0 ? shownText(row) : '';
    }).toMatch(/Interviewer\s+[1-9]\d*%\s+[1-9]\d*%/);
    await screenshot(replay, 'pair-3-replay');

    const report = await newPage(1400);
    await signIn(report, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
    await report.goto(`${stack.baseUrl}/candidates/${candidateId}`);
    const authorship = report.locator('section', { hasText: 'Who wrote the final code' });
    await expect(shownText(authorship)).resolves.toContain('Interviewer');
    await expect(shownText(authorship.getByTestId('interviewer-share').first())).resolves.toMatch(
      /^[1-9]\d*%$/,
    );
    await screenshot(report, 'pair-4-report');
  });
});
