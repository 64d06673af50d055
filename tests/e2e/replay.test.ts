// The replay of a real interview in headless Chromium (issue 6's "done
// when"): a candidate types, runs a command and the tests, asks the assistant
// (a local server speaking the Anthropic streaming protocol), inserts its code
// and runs the tests again; an interviewer watching writes a note. Then the
// replay shows the AI paste coloured as such, the test runs and the note on
// the timeline; scrubbing changes the code, search and the keyboard move the
// clock, and two instants can be compared. Screenshots go to test-results/.
// Needs `npm run build`.
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionEvents, yjsDocuments, yjsUpdates } from '../../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';
import { notesDocumentName } from '../../protocol/documents.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import type { FakeAnthropic } from '../support/fake-anthropic.ts';
import { editorText, shownText, typeAtEnd, waitForWorkspace } from '../support/pages.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const solution = DEMO_PROBLEMS[0]!.referenceSolution[0]!.content;

let stack: TestStack;
let anthropic: FakeAnthropic;
let browser: Browser;
let interviewer: BrowserContext;
let replay: Page;
const contexts: BrowserContext[] = [];
let candidateId = '';
let sessionId = '';

const eventually = <T>(read: () => Promise<T>) =>
  expect.poll(read, { timeout: 30_000, interval: 200 });

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  return context;
}

beforeAll(async () => {
  stack = await startTestStack({ assistant: true });
  anthropic = stack.anthropic!;
  anthropic.script({
    text: ['Use a map from value to index:\n```ts\n', solution, '```\nThat is O(n).'],
    delayMs: 30,
    inputTokens: 900,
    outputTokens: 140,
  });
  browser = await launchBrowser();
  interviewer = await newContext();
  const page = await interviewer.newPage();
  await signIn(page, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
  await page.close();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

/** The replay's editor text (Monaco renders spaces as no-break spaces). */
const replayText = (page: Page) => editorText(page);
const clock = (page: Page) => shownText(page.getByTestId('replay-clock'));

describe('an interview to replay', { timeout: 90_000 }, () => {
  let candidate: Page;

  it('the candidate types, runs the tests, asks the assistant and pastes its code', async () => {
    candidate = await (await newContext()).newPage();
    await candidate.goto(`${stack.baseUrl}/invite/${stack.demo.inviteToken}`);
    await candidate.getByRole('button', { name: 'Start interview' }).click();
    await candidate.waitForURL(/\/interview\/[^/]+$/);
    candidateId = new URL(candidate.url()).pathname.split('/').pop()!;
    await waitForWorkspace(candidate);
    await candidate.getByRole('treeitem', { name: 'solution.ts', exact: true }).click();
    await typeAtEnd(candidate, '\n// plan: one pass with a map');
    await eventually(() => editorText(candidate)).toContain('one pass with a map');

    await candidate.getByRole('tab', { name: 'Terminal' }).click();
    await candidate.locator('.xterm').click();
    await candidate.keyboard.type('echo replay-$((6*7))\n');
    await eventually(() => shownText(candidate.locator('.xterm-rows'))).toContain('replay-42');

    // A first run against the starter code fails…
    await candidate.getByRole('tab', { name: 'Tests' }).click();
    await candidate.getByRole('button', { name: 'Run tests' }).click();
    await eventually(() => shownText(candidate.locator('.test-results-summary'))).toMatch(
      /0\/5 passed/,
    );

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
    await typeAtEnd(candidate, '\n// reviewed');

    // …the second, after the AI paste, passes.
    await candidate.getByRole('tab', { name: 'Tests' }).click();
    await candidate.getByRole('button', { name: 'Run tests' }).click();
    await eventually(() => shownText(candidate.locator('.test-results-summary'))).toMatch(
      /5\/5 passed/,
    );
    const db = stack.database.db;
    await eventually(async () => {
      const rows = await db.select({ origin: yjsUpdates.origin }).from(yjsUpdates);
      return rows.some((row) => row.origin === 'ai-paste');
    }).toBe(true);
    await eventually(async () => {
      const rows = await db
        .select({ type: sessionEvents.type, sessionId: sessionEvents.sessionId })
        .from(sessionEvents)
        .where(eq(sessionEvents.type, 'test_run_finished'));
      sessionId = rows[0]?.sessionId ?? '';
      return rows.length;
    }).toBe(2);
  }, 120_000);

  it('an interviewer watching writes a note', async () => {
    const observer = await interviewer.newPage();
    await observer.goto(`${stack.baseUrl}/candidates/${candidateId}/observe`);
    await waitForWorkspace(observer);
    await observer.getByRole('tab', { name: 'Notes' }).click();
    await observer.getByLabel('New note').fill('Pasted the whole answer from the assistant');
    await observer.getByRole('button', { name: 'Add note' }).click();
    // The notes document is stored a few seconds later (debounced).
    await eventually(async () => {
      const rows = await stack.database.db
        .select({ name: yjsDocuments.name })
        .from(yjsDocuments)
        .where(and(eq(yjsDocuments.name, notesDocumentName(sessionId))));
      return rows.length;
    }).toBe(1);
    await observer.close();
  });
});

describe('the replay', { timeout: 90_000 }, () => {
  it('opens with the test runs, the AI turn and the note on the timeline', async () => {
    replay = await interviewer.newPage();
    await replay.goto(`${stack.baseUrl}/candidates/${candidateId}/replay`);
    await replay.getByTestId('timeline').waitFor({ timeout: 30_000 });
    await replay
      .locator('[data-testid="replay-editor"] .monaco-editor .view-lines')
      .waitFor({ timeout: 10_000 });
    expect(await replay.locator('.track-tests .span-fail').count()).toBeGreaterThanOrEqual(1);
    expect(await replay.locator('.track-tests .span-pass').count()).toBeGreaterThanOrEqual(1);
    expect(await replay.locator('.track-terminal .span-terminal').count()).toBeGreaterThanOrEqual(
      1,
    );
    expect(await replay.locator('.track-pastes .span-ai-paste').count()).toBe(1);
    await replay.getByRole('button', { name: /^First passing test at/ }).waitFor({ timeout: 5000 });
    await replay
      .getByRole('button', { name: /^AI turn at .*How do I solve this/ })
      .waitFor({ timeout: 5000 });
    await replay
      .getByRole('button', { name: /^Note at .*Pasted the whole answer/ })
      .waitFor({ timeout: 5000 });
    await screenshot(replay, 'replay-1-opened');
  });

  it('colours the AI paste as such at the end, with its share in the legend', async () => {
    await replay.getByRole('slider', { name: 'Session time' }).focus();
    await replay.keyboard.press('End');
    await replay.getByRole('button', { name: 'solution.ts', exact: true }).click();
    await eventually(() => replayText(replay)).toContain('seen.set(nums[j]!, j);');
    const aiText = replay.locator(
      '[data-testid="replay-editor"] .view-lines .replay-prov-ai-paste',
    );
    await eventually(async () => (await aiText.allInnerTexts()).join('')).toContain('seen.set');
    const typedText = replay.locator(
      '[data-testid="replay-editor"] .view-lines .replay-prov-typed',
    );
    await eventually(async () => (await typedText.allInnerTexts()).join('')).toContain('reviewed');
    const row = replay.getByRole('row', { name: /From the AI/ });
    const share = Number(/(\d+)%/.exec(await shownText(row.getByRole('cell').first()))![1]);
    expect(share).toBeGreaterThan(50);
    await screenshot(replay, 'replay-2-ai-paste');

    const colours = replay.getByRole('checkbox', { name: 'Colour by author' });
    await colours.uncheck();
    await eventually(() => aiText.count()).toBe(0);
    await colours.check();
    await eventually(() => aiText.count()).toBeGreaterThan(0);
  });

  it('changes the code while the playhead is dragged back to the start', async () => {
    const timeline = replay.getByTestId('timeline');
    const box = (await timeline.boundingBox())!;
    const y = box.y + box.height - 20;
    await replay.mouse.move(box.x + box.width - 2, y);
    await replay.mouse.down();
    for (let i = 1; i <= 20; i++) {
      await replay.mouse.move(box.x + box.width * (1 - i / 20) + 1, y);
    }
    await replay.mouse.up();
    await eventually(() => clock(replay)).toMatch(/^0:0\d \//);
    await eventually(() => replayText(replay)).toContain('// Your code here');
    expect(await replayText(replay)).not.toContain('seen.set');
    await screenshot(replay, 'replay-3-scrubbed-to-start');
  });

  it('jumps to a search hit: a passing test, then a word of the chat', async () => {
    const search = replay.getByRole('searchbox', { name: 'Search the session' });
    await search.fill('test passed');
    const firstHit = replay.locator('.search-hit').first();
    await firstHit.waitFor();
    const hitTime = await shownText(firstHit.locator('.search-hit-time'));
    await search.press('Enter');
    await eventually(() => clock(replay)).toMatch(new RegExp(`^${hitTime} /`));
    await replay.getByRole('tab', { name: 'Tests' }).click();
    await eventually(() => shownText(replay.locator('.test-results-list'))).toContain('✓');
    await screenshot(replay, 'replay-4-search');

    await search.fill('O(n)');
    await search.press('Enter');
    await replay.getByRole('tab', { name: 'AI chat' }).click();
    await eventually(() => shownText(replay.locator('.observer-chat'))).toContain(
      'How do I solve this in O(n)?',
    );
    await search.press('Escape');
  });

  it('plays, steps with the keyboard and jumps to the note', async () => {
    const slider = replay.getByRole('slider', { name: 'Session time' });
    await slider.focus();
    await replay.keyboard.press('Home');
    await eventually(() => clock(replay)).toMatch(/^0:00 \//);
    await replay.getByLabel('Speed').selectOption('8');
    await slider.focus();
    await replay.keyboard.press(' ');
    await replay.getByRole('button', { name: 'Pause' }).waitFor();
    await eventually(() => clock(replay)).not.toMatch(/^0:00 \//);
    await replay.getByRole('button', { name: 'Pause' }).click();
    await slider.focus();
    await replay.keyboard.press('Home');
    await replay.keyboard.press('ArrowRight');
    const afterStep = await clock(replay);
    await replay.keyboard.press('Shift+ArrowRight');
    await eventually(() => clock(replay)).not.toBe(afterStep);
    await replay.getByRole('button', { name: /^Note at / }).click();
    await replay.getByRole('tab', { name: /^Notes/ }).click();
    await eventually(() => shownText(replay.locator('.replay-notes'))).toContain(
      'Pasted the whole answer',
    );
  });

  it('zooms the timeline in on a window, where a click means an instant of that window', async () => {
    const seconds = (text: string) =>
      text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
    const slider = replay.getByRole('slider', { name: 'Session time' });
    const timeline = replay.getByTestId('timeline');
    const clickRightEdge = async () => {
      const box = (await timeline.boundingBox())!;
      await replay.mouse.click(box.x + box.width - 3, box.y + box.height - 12);
    };
    await slider.focus();
    await replay.keyboard.press('Home');
    const total = seconds((await clock(replay)).split(' / ')[1]!);
    expect(await replay.getByRole('button', { name: 'Show the whole session' }).isDisabled()).toBe(
      true,
    );

    // Zoomed in from the start: the right edge is about half-way, not the end.
    await replay.keyboard.press('+');
    await replay
      .getByRole('button', { name: 'Show the whole session' })
      .waitFor({ state: 'visible' });
    expect(await replay.getByRole('button', { name: 'Show the whole session' }).isEnabled()).toBe(
      true,
    );
    await clickRightEdge();
    const zoomedAt = seconds((await clock(replay)).split(' / ')[0]!);
    expect(zoomedAt).toBeLessThanOrEqual(Math.ceil(total / 2) + 1);
    expect(zoomedAt).toBeLessThan(total);
    await screenshot(replay, 'replay-6-zoomed');

    // The whole session again: the right edge is the end.
    await replay.getByRole('button', { name: 'Show the whole session' }).click();
    await clickRightEdge();
    await eventually(async () =>
      seconds((await clock(replay)).split(' / ')[0]!),
    ).toBeGreaterThanOrEqual(total - 1);
  });

  it('compares the code at two instants in a diff editor', async () => {
    // Leaving Compare once threw "TextModel got disposed before DiffEditorWidget model got reset".
    const errors: string[] = [];
    replay.on('pageerror', (error) => errors.push(error.message));
    replay.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const slider = replay.getByRole('slider', { name: 'Session time' });
    await replay.getByRole('tab', { name: 'Compare' }).click();
    await slider.focus();
    await replay.keyboard.press('Home');
    await replay.getByRole('button', { name: /^Set A to/ }).click();
    await slider.focus();
    await replay.keyboard.press('End');
    await replay.getByRole('button', { name: /^Set B to/ }).click();
    const changed = replay.getByRole('list', { name: 'Changed files' });
    await changed
      .getByRole('button', { name: /solution\.ts/ })
      .first()
      .click();
    const diff = replay.locator('[data-testid="replay-diff"] .monaco-diff-editor');
    await diff.waitFor();
    await eventually(() => shownText(diff)).toContain('seen.set');
    await screenshot(replay, 'replay-5-compare');
    await replay.getByRole('button', { name: 'Back to the code' }).click();
    await replay.locator('[data-testid="replay-editor"]').waitFor();
    await replay.getByRole('tab', { name: 'Compare' }).click();
    await changed
      .getByRole('button', { name: /solution\.ts/ })
      .first()
      .click();
    await diff.waitFor();
    await replay.getByRole('button', { name: 'Back to the code' }).click();
    await replay.locator('[data-testid="replay-editor"]').waitFor();
    expect(errors.filter((message) => /disposed/i.test(message))).toEqual([]);
  });

  it('explains the timeline markers in a legend', async () => {
    const legend = replay.getByRole('list', { name: 'Timeline markers' });
    await legend.getByText('AI turn').waitFor();
    await legend.getByText('First passing test').waitFor();
    await legend.getByText('Note').waitFor();
    // Only the kinds this session has: it never lost focus.
    expect(await legend.getByText('Focus lost').count()).toBe(0);
  });
});
