// Java and Rust interviews in headless Chromium (decision 023): the candidate
// picks a language on the invitation page, puts a solution in the editor,
// runs the visible tests in that language and sees each result, submits, and
// the report lists the final result of every case. The Rust candidate picks
// Java first and switches to Rust in the workspace (with its confirmation):
// the Java files move to previous/java/ and the page updates in place (no
// reload: a window marker survives). Screenshots go to test-results/.
// Needs `npm run build`.
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidates, interviewSessions, problems } from '../../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { inviteToAssessment } from '../support/candidate.ts';
import {
  editorText,
  replaceEditorText,
  shownText,
  typeAtEnd,
  waitForWorkspace,
} from '../support/pages.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const twoSum = DEMO_PROBLEMS.find((problem) => problem.title === 'Two Sum')!;
const hiddenNames = twoSum.grading.cases.map((entry) => entry.name);

let stack: TestStack;
let browser: Browser;
let admin: Page;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

const eventually = <T>(read: () => Promise<T>) =>
  expect.poll(read, { timeout: 60_000, interval: 250 });

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
  admin = await newPage();
  await signIn(admin, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

/** Invites a candidate to the demo assessment (all seven languages) and opens the invitation. */
async function invite(name: string, email: string): Promise<{ page: Page; candidateId: string }> {
  const [demo] = await stack.database.db.select().from(candidates).limit(1);
  const { token, candidateId } = await inviteToAssessment(stack, demo!.assessmentId, name, email);
  const page = await newPage();
  await page.goto(`${stack.baseUrl}/invite/${token}`);
  return { page, candidateId };
}

/** Puts the language's reference in its main file, types a line, runs the tests, submits. */
async function solveAndSubmit(
  page: Page,
  options: { file: string; solution: string; comment: string; tests: number; shot: string },
) {
  await page.getByRole('treeitem', { name: options.file, exact: true }).click();
  await replaceEditorText(page, page.locator('body'), options.solution);
  await typeAtEnd(page, `\n${options.comment}`);
  await eventually(() => editorText(page)).toContain(options.comment);
  await page.getByRole('tab', { name: 'Tests' }).click();
  await page.getByRole('button', { name: 'Run tests' }).click();
  await eventually(() => shownText(page.locator('.test-results-summary'))).toMatch(
    new RegExp(`${options.tests}/${options.tests} passed`),
  );
  expect(await page.locator('.test-result-passed').count()).toBe(options.tests);
  await screenshot(page, `${options.shot}-tests`);
  page.on('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await page.getByRole('button', { name: 'Submit now' }).click();
  await page.waitForURL(/\/done$/, { timeout: 120_000 });
}

/** The report lists every hidden case of Two Sum as passed. */
async function reportShowsCases(candidateId: string, shot: string) {
  await admin.goto(`${stack.baseUrl}/candidates/${candidateId}`);
  await admin.getByRole('heading', { name: 'Final tests' }).waitFor();
  const list = await shownText(admin.locator('.test-list').first());
  for (const name of hiddenNames) expect(list).toContain(`✓ ${name}`);
  expect(list).not.toContain('✗');
  await screenshot(admin, `${shot}-report`);
  const [row] = await stack.database.db
    .select()
    .from(candidates)
    .where(eq(candidates.id, candidateId));
  expect(row).toMatchObject({ status: 'COMPLETED', hiddenPassRate: 1, visiblePassRate: 1 });
}

describe('compiled languages end to end', { timeout: 240_000 }, () => {
  it('a Java interview: pick Java, solve, run the JUnit-style tests, submit, per-case report', async () => {
    const { page, candidateId } = await invite('Ada Lovelace', 'ada@candidate.test');
    await page.getByLabel('Language').selectOption('java');
    await screenshot(page, 'languages-java-1-pick');
    await page.getByRole('button', { name: 'Start interview' }).click();
    await page.waitForURL(/\/interview\/[^/]+$/);
    await waitForWorkspace(page);
    await solveAndSubmit(page, {
      file: 'Solution.java',
      solution: twoSum.languageVersions!.java!.referenceSolution[0]!.content,
      comment: '// one pass with a map',
      tests: 3,
      shot: 'languages-java-2',
    });
    await reportShowsCases(candidateId, 'languages-java-3');
  });

  it('a Rust interview: pick Java, switch to Rust with a confirmation, solve, test, submit, per-case report', async () => {
    const { page, candidateId } = await invite('Barbara Liskov', 'barbara@candidate.test');
    await page.getByLabel('Language').selectOption('java');
    await page.getByRole('button', { name: 'Start interview' }).click();
    await page.waitForURL(/\/interview\/[^/]+$/);
    await waitForWorkspace(page);
    await page.getByRole('treeitem', { name: 'Solution.java', exact: true }).waitFor();
    // The tests panel open on the Java test names, before any run.
    await page.getByRole('tab', { name: 'Tests' }).click();
    const testsPanel = page.locator('.test-results');
    await eventually(() => shownText(testsPanel)).toContain('findsAPairAtTheStart');
    // A run of the Java starter: its failures must not stay in the panel after the switch.
    await page.getByRole('button', { name: 'Run tests' }).click();
    await eventually(() => page.locator('.test-result-failed').count()).toBeGreaterThan(0);

    // The switch happens in place: no navigation, the page's state survives.
    await page.evaluate(() => {
      (window as unknown as { tandemMarker: string }).tandemMarker = 'before the switch';
    });
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByLabel('Language', { exact: true }).selectOption('rust');
    await page.getByRole('treeitem', { name: 'solution.rs', exact: true }).waitFor();
    expect(asked).toContain('previous/java/');
    // The editor opens the Rust starter, not the Java file that moved away.
    await eventually(() => editorText(page)).toContain('pub fn two_sum');
    await page.getByRole('treeitem', { name: 'previous', exact: true }).waitFor();
    // The language shown and the test names follow, in the panel still open.
    const languageBadge = page.locator('.problem-header .badge').last();
    await eventually(() => languageBadge.textContent()).toBe('rust');
    await eventually(() => shownText(testsPanel)).toContain('finds_a_pair_at_the_start');
    expect(await shownText(testsPanel)).not.toContain('findsAPairAtTheStart');
    expect(await page.locator('.test-result-failed').count()).toBe(0);
    expect(await page.getByLabel('Language', { exact: true }).inputValue()).toBe('rust');
    expect(
      await page.evaluate(() => (window as unknown as { tandemMarker?: string }).tandemMarker),
    ).toBe('before the switch');
    expect(navigations).toBe(0);
    await screenshot(page, 'languages-rust-1-switched');
    const [session] = await stack.database.db
      .select({ language: interviewSessions.language })
      .from(interviewSessions)
      .where(eq(interviewSessions.candidateId, candidateId));
    expect(session!.language).toBe('rust');

    await solveAndSubmit(page, {
      file: 'solution.rs',
      solution: twoSum.languageVersions!.rust!.referenceSolution[0]!.content,
      comment: '// one pass with a map',
      tests: 3,
      shot: 'languages-rust-2',
    });
    await reportShowsCases(candidateId, 'languages-rust-3');
  });
  it('the question editor shows Two Sum in every language, each with its files', async () => {
    const [problem] = await stack.database.db
      .select({ id: problems.id })
      .from(problems)
      .where(eq(problems.title, 'Two Sum'))
      .limit(1);
    await admin.goto(`${stack.baseUrl}/questions/${problem!.id}`);
    const rust = admin.locator('.language-version', { hasText: 'Rust' });
    expect(await rust.getByRole('checkbox').isChecked()).toBe(true);
    await rust.locator('summary').click();
    await rust.getByRole('tab', { name: 'solution.rs' }).first().waitFor();
    await rust.scrollIntoViewIfNeeded();
    await screenshot(admin, 'languages-editor-rust');
  });
});
