// Running Tandem as a hiring team (issue 7's Playwright check): invite a
// member and change their role, create a problem with tests (tried in the
// sandbox before saving), put it in an assessment, and compare two seeded
// candidates. Screenshots of the dashboard, the comparison and the question
// editor go to test-results/. Needs `npm run build`.
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, memberships, problems, users } from '../../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';
import { seedScale } from '../../db/seed/scale.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { replaceEditorText, shownText } from '../support/pages.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let browser: Browser;
let owner: Page;
const eventually = <T>(read: () => Promise<T>) =>
  expect.poll(read, { timeout: 30_000, interval: 200 });

beforeAll(async () => {
  stack = await startTestStack();
  await seedScale(stack.database.db, {
    candidates: 60,
    assessments: 4,
    organizationId: stack.demo.organizationId,
  });
  browser = await launchBrowser();
  owner = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  owner.setDefaultTimeout(10_000);
  await signIn(owner, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('managing a hiring team in the browser', { timeout: 90_000 }, () => {
  it('invites a member, who joins, and changes their role', async () => {
    await owner.goto(`${stack.baseUrl}/settings/team`);
    await owner.getByLabel('E-mail').fill('lin@team.test');
    await owner.getByLabel('Role', { exact: true }).selectOption('viewer');
    await owner.getByRole('button', { name: 'Invite' }).click();
    await owner.getByText('Invitation for lin@team.test is in the outbox').waitFor();

    await owner.goto(`${stack.baseUrl}/outbox`);
    await owner.getByText('lin@team.test').first().click();
    const link = /http:\/\/\S+\/join\/[\w-]+/.exec(
      await shownText(owner.locator('.email-text').first()),
    )![0];
    const member = await (await browser.newContext()).newPage();
    await member.goto(link);
    await member.getByLabel('Your name (new account)').fill('Lin Chen');
    await member.getByLabel('Password').fill('a-good-password');
    await member.getByRole('button', { name: 'Create account and join' }).click();
    await member.waitForURL(/\/dashboard$/);
    await member.context().close();

    await owner.goto(`${stack.baseUrl}/settings/team`);
    await owner.getByLabel('Role of Lin Chen').selectOption('interviewer');
    await owner
      .locator('tr', { hasText: 'Lin Chen' })
      .getByRole('button', { name: 'Save' })
      .click();
    await owner.getByText('Role changed.').waitFor();
    const [row] = await stack.database.db
      .select({ role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.email, 'lin@team.test'));
    expect(row?.role).toBe('interviewer');
    await owner.getByText('member.role_changed').waitFor();
    expect(
      (await stack.database.db.select().from(auditLog)).map((entry) => entry.action),
    ).toContain('member.role_changed');
    await screenshot(owner, 'management-1-team');
  });

  it('creates a problem with tests, tried in the sandbox before saving', async () => {
    const twoSum = DEMO_PROBLEMS[0]!;
    await owner.goto(`${stack.baseUrl}/questions/new`);
    await owner.getByLabel('Title').fill('Pair Sum');
    await owner
      .getByLabel('Description (Markdown)')
      .fill('Return the indices of the two numbers that add up to target.');
    await owner.getByLabel('Difficulty').selectOption('EASY');
    await owner.getByLabel('Tags (comma-separated)').fill('hash-map, warm-up');
    // The files are edited in Monaco (the editor bundle's code fields).
    const starter = owner.getByRole('group', { name: 'Starter files' });
    await starter.locator('.monaco-editor').waitFor();
    await replaceEditorText(owner, starter, twoSum.starterFiles[0]!.content);
    const visible = owner.getByRole('group', { name: 'Visible tests' });
    await replaceEditorText(owner, visible, twoSum.visibleTests[0]!.content);
    const reference = owner.getByRole('group', { name: /Reference solution/ });
    await reference.getByRole('button', { name: '+ file' }).click();
    await reference.locator('.monaco-editor').waitFor();
    await replaceEditorText(owner, reference, twoSum.referenceSolution[0]!.content);
    await owner.getByRole('button', { name: 'Run tests' }).click();
    await eventually(() => shownText(owner.locator('.try-problem .test-results-summary'))).toMatch(
      /5\/5 passed/,
    );
    await screenshot(owner, 'management-2-question-editor');
    await owner.getByRole('button', { name: 'Create problem' }).click();
    await owner.waitForURL(/\/questions\/[0-9a-f-]{36}$/);
    const [saved] = await stack.database.db
      .select()
      .from(problems)
      .where(eq(problems.title, 'Pair Sum'));
    expect(saved?.tags).toEqual(['hash-map', 'warm-up']);
    expect(saved?.referenceSolution?.[0]?.content).toBe(twoSum.referenceSolution[0]!.content);
    expect(saved?.visibleTests[0]?.content).toBe(twoSum.visibleTests[0]!.content);
  });

  it('puts the problem in a new assessment', async () => {
    await owner.goto(`${stack.baseUrl}/assessments/new`);
    await owner.getByLabel('Title').fill('Warm-up screen');
    await owner.getByLabel('Duration (minutes)').fill('30');
    await owner.getByLabel('Add a problem').selectOption({ label: 'Pair Sum (typescript, easy)' });
    await owner.getByRole('button', { name: 'Create assessment' }).click();
    await owner.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);
    await owner.getByText('Pair Sum').first().waitFor();
    await screenshot(owner, 'management-3-assessment');
  });

  it('compares two seeded candidates, and the dashboard shows the pipeline', async () => {
    await owner.goto(`${stack.baseUrl}/candidates?status=COMPLETED&sort=score`);
    const boxes = owner.getByRole('checkbox', { name: /^Compare / });
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await owner.getByRole('link', { name: /^Compare \(2\)/ }).click();
    await owner.waitForURL(/\/candidates\/compare\?ids=/);
    await owner.getByRole('img', { name: 'Radar chart of the score dimensions' }).waitFor();
    expect(await owner.locator('.compare table.data th a').count()).toBe(2);
    await screenshot(owner, 'management-4-comparison');

    await owner.goto(`${stack.baseUrl}/dashboard`);
    await owner.getByRole('region', { name: 'Pipeline by status' }).waitFor();
    await owner.getByText('Assessment funnels').waitFor();
    await screenshot(owner, 'management-5-dashboard');
  });
});
