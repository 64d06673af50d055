// The whole interview in headless Chromium (issue 5's "done when", and issue
// 4's terminal and tests through the page): an admin invites a candidate, the
// invitation lands in the outbox, the candidate opens it, types, runs a
// command and the tests, asks the assistant (a local server speaking the
// Anthropic streaming protocol), inserts its code, submits, and the dashboard
// shows the candidate COMPLETED with scores. Screenshots of each step go to
// test-results/. Needs `npm run build`.
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidates, yjsUpdates } from '../../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import type { FakeAnthropic } from '../support/fake-anthropic.ts';
import { editorText, shownText, typeAtEnd, waitForWorkspace } from '../support/pages.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const solution = DEMO_PROBLEMS[0]!.referenceSolution[0]!.content;

let stack: TestStack;
let anthropic: FakeAnthropic;
let browser: Browser;
let admin: Page;
let candidate: Page;
const contexts: BrowserContext[] = [];
let candidateId = '';

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

const eventually = <T>(read: () => Promise<T>) =>
  expect.poll(read, { timeout: 30_000, interval: 200 });

beforeAll(async () => {
  stack = await startTestStack({ assistant: true });
  anthropic = stack.anthropic!;
  anthropic.script({
    text: ['Use a map from value to index:\n```ts\n', solution, '```\nThat is O(n).'],
    delayMs: 40,
    inputTokens: 900,
    outputTokens: 140,
  });
  browser = await launchBrowser();
  admin = await newPage();
  await signIn(admin, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

describe('an interview from invitation to submission', { timeout: 90_000 }, () => {
  let inviteUrl = '';

  it('the admin invites a candidate and the invitation is in the outbox', async () => {
    await admin.goto(`${stack.baseUrl}/assessments`);
    await admin.getByRole('link', { name: 'Backend Engineer Screen', exact: true }).click();
    await admin.getByLabel('Name').fill('Katherine Johnson');
    await admin.getByLabel('E-mail').fill('katherine@candidate.test');
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    await admin.getByText('is in the outbox').waitFor();
    await screenshot(admin, 'flow-1-invited');
    await admin.goto(`${stack.baseUrl}/outbox`);
    await admin.getByText('katherine@candidate.test').first().click();
    const text = await shownText(admin.locator('.email-text').first());
    inviteUrl = /http:\/\/\S+\/invite\/[\w-]+/.exec(text)![0];
    await screenshot(admin, 'flow-2-outbox');
  });

  it('the candidate opens the invitation, starts, and types', async () => {
    candidate = await newPage();
    await candidate.goto(inviteUrl);
    await screenshot(candidate, 'flow-3-invitation');
    await candidate.getByRole('button', { name: 'Start interview' }).click();
    await candidate.waitForURL(/\/interview\/[^/]+$/);
    candidateId = new URL(candidate.url()).pathname.split('/').pop()!;
    await waitForWorkspace(candidate);
    await candidate.getByRole('treeitem', { name: 'solution.ts', exact: true }).click();
    await typeAtEnd(candidate, '\n// plan: one pass with a map');
    await eventually(() => editorText(candidate)).toContain('one pass with a map');
    await expect(shownText(candidate.getByTestId('timer'))).resolves.toMatch(
      /^\d{2}:\d{2}$|^1:00:00$/,
    );
  });

  it('runs a command in the real terminal', async () => {
    await candidate.getByRole('tab', { name: 'Terminal' }).click();
    await candidate.locator('.xterm').click();
    await candidate.keyboard.type('echo hello-from-$((6*7))\n');
    await eventually(() => shownText(candidate.locator('.xterm-rows'))).toContain('hello-from-42');
    await screenshot(candidate, 'flow-4-terminal');
  });

  it('asks the assistant, whose answer streams in, and inserts its code as an AI paste', async () => {
    await candidate.getByRole('tab', { name: 'AI assistant' }).click();
    await candidate.getByLabel('Message the assistant').fill('How do I solve this in O(n)?');
    await candidate.keyboard.press('Enter');
    await candidate
      .getByRole('button', { name: 'Insert into editor' })
      .waitFor({ timeout: 20_000 });
    await candidate.locator('.monaco-editor .view-lines').click();
    await candidate.keyboard.press('Control+A');
    await candidate.getByRole('button', { name: 'Insert into editor' }).click();
    await eventually(() => editorText(candidate)).toContain('seen.set(nums[j]!, j);');
    await screenshot(candidate, 'flow-5-assistant');
    await eventually(async () => {
      const rows = await stack.database.db.select({ origin: yjsUpdates.origin }).from(yjsUpdates);
      return rows.some((row) => row.origin === 'ai-paste');
    }).toBe(true);
  });

  it('runs the visible tests from the page and sees each result stream in', async () => {
    await candidate.getByRole('tab', { name: 'Tests' }).click();
    await candidate.getByRole('button', { name: 'Run tests' }).click();
    await eventually(() => shownText(candidate.locator('.test-results-summary'))).toMatch(
      /5\/5 passed/,
    );
    expect(await candidate.locator('.test-result-passed').count()).toBe(5);
    await screenshot(candidate, 'flow-6-tests');
  });

  it('the interviewer watching live sees the run and the chat', async () => {
    const observer = await admin.context().newPage();
    await observer.goto(`${stack.baseUrl}/candidates/${candidateId}/observe`);
    await waitForWorkspace(observer);
    await observer.getByRole('tab', { name: 'Tests' }).click();
    await eventually(() => shownText(observer.locator('.test-results-summary'))).toMatch(
      /5\/5 passed/,
    );
    await observer.getByRole('tab', { name: /AI/ }).click();
    await eventually(() => shownText(observer.locator('.observer-chat'))).toContain(
      'How do I solve this in O(n)?',
    );
    await screenshot(observer, 'flow-7-observer');
    await observer.close();
  });

  it('submits, and the dashboard shows the candidate completed with scores', async () => {
    candidate.on('dialog', (dialog) => void dialog.accept());
    await candidate.getByRole('button', { name: 'Submit', exact: true }).click();
    await candidate.getByRole('button', { name: 'Submit now' }).click();
    await candidate.waitForURL(/\/done$/, { timeout: 60_000 });
    await candidate.getByRole('heading', { name: 'Interview submitted' }).waitFor();
    await screenshot(candidate, 'flow-8-submitted');

    const [row] = await stack.database.db
      .select()
      .from(candidates)
      .where(eq(candidates.id, candidateId));
    expect(row).toMatchObject({
      status: 'COMPLETED',
      overallScore: 100,
      visiblePassRate: 1,
      hiddenPassRate: 1,
    });
    expect(row!.aiReliance).toBeGreaterThan(0.5);

    await admin.goto(`${stack.baseUrl}/dashboard`);
    const recent = admin.locator('tr', { hasText: 'Katherine Johnson' });
    await expect(shownText(recent)).resolves.toContain('Completed');
    await expect(shownText(recent)).resolves.toContain('100');
    await screenshot(admin, 'flow-9-dashboard');
    await admin.goto(`${stack.baseUrl}/candidates/${candidateId}`);
    await admin.getByText('Who wrote the final code').waitFor();
    await screenshot(admin, 'flow-10-report');
  }, 120_000);
});
