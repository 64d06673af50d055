// The live workspace in real browsers: a candidate and an observer in two
// browser contexts against the whole stack (app, collab-server, bridge) on
// free ports. Needs `npm run build` (the Remix app and the editor bundle).
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidates, interviewSessions, yjsUpdates } from '../../db/schema/index.ts';
import { createInviteToken, hashInviteToken } from '../../protocol/invite-token.ts';
import { launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { editorText, paste, shownText, typeAtEnd, waitForWorkspace } from '../support/pages.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let browser: Browser;
let observerContext: BrowserContext;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
  observerContext = await newContext();
  const page = await observerContext.newPage();
  await signIn(page, stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
  await page.close();
}, 90_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.close();
});

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  contexts.push(context);
  return context;
}

/** Another invited candidate of the demo assessment, with a fresh invitation token. */
async function inviteCandidate(name: string): Promise<string> {
  const db = stack.database.db;
  const [demo] = await db.select().from(candidates).limit(1);
  const token = createInviteToken();
  await db.insert(candidates).values({
    organizationId: demo!.organizationId,
    assessmentId: demo!.assessmentId,
    name,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}@candidate.test`,
    inviteTokenHash: hashInviteToken(token),
    inviteExpiresAt: new Date(Date.now() + 3600_000),
  });
  return token;
}

interface Candidate {
  page: Page;
  id: string;
}

/** Opens the invitation, starts the interview and waits for the synchronized editor. */
async function startCandidate(
  name: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Candidate> {
  const token = await inviteCandidate(name);
  const context = await newContext();
  await prepare?.(context);
  const page = await context.newPage();
  await page.goto(`${stack.baseUrl}/invite/${token}`);
  await page.getByRole('button', { name: /start interview/i }).click();
  await page.waitForURL(/\/interview\/[^/]+$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await waitForWorkspace(page);
  return { page, id };
}

async function observe(candidateId: string): Promise<Page> {
  const page = await observerContext.newPage();
  await page.goto(`${stack.baseUrl}/candidates/${candidateId}/observe`);
  await waitForWorkspace(page);
  return page;
}

const openTab = (page: Page) => shownText(page.locator('.editor-tab.is-active .editor-tab-name'));
const treeItem = (page: Page, name: string) => page.getByRole('treeitem', { name, exact: true });
/** Paths shown in the file tree, in order. */
const treePaths = (page: Page) =>
  page
    .getByRole('treeitem')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-path')));
/** Waits for a condition that another browser or the server makes true. */
const eventually = <T>(read: () => Promise<T>) =>
  expect.poll(read, { timeout: 15_000, interval: 100 });

/** History rows of a candidate's session document: origin and raw update. */
async function historyOf(candidateId: string) {
  const db = stack.database.db;
  const [session] = await db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidateId));
  const rows = await db
    .select()
    .from(yjsUpdates)
    .where(eq(yjsUpdates.documentName, `session/${session!.id}`));
  return rows.map((row) => ({ origin: row.origin, update: Buffer.from(row.update) }));
}

describe('the live workspace in the browser', { timeout: 90_000 }, () => {
  it("shows the candidate's typing and cursor to an observer in another browser context", async () => {
    const candidate = await startCandidate('Katherine Johnson');
    const observer = await observe(candidate.id);
    expect(await openTab(candidate.page)).toBe('solution.ts');
    await eventually(() => openTab(observer)).toBe('solution.ts');

    await typeAtEnd(candidate.page, '\n// typed by the candidate');
    await eventually(() => editorText(observer)).toContain('// typed by the candidate');

    // The candidate's caret and name label, drawn in the observer's editor.
    await observer.locator('.tandem-remote-caret').first().waitFor();
    await eventually(() => observer.locator('.tandem-remote-label').allInnerTexts()).toEqual([
      'Katherine Johnson',
    ]);
    await eventually(() => shownText(observer.getByTestId('candidate-location'))).toMatch(
      /Katherine Johnson is in solution\.ts:7/,
    );
    // The observer is listed as present on the candidate's page, without a caret in their code.
    await candidate.page.getByTestId('presence-interviewer').waitFor();
    expect(await candidate.page.locator('.tandem-remote-caret').count()).toBe(0);

    await screenshot(candidate.page, 'workspace-candidate');
    await screenshot(observer, 'workspace-observer');
  });

  it('underlines real type errors from the TypeScript worker, not the Node imports of the tests', async () => {
    const { page } = await startCandidate('John von Neumann');
    await treeItem(page, 'solution.test.ts').click();
    await eventually(() => openTab(page)).toBe('solution.test.ts');
    await typeAtEnd(page, "\nconst count: number = 'three';");
    // One squiggle: the mistake; `node:test`, `node:assert/strict` and './solution.ts' resolve quietly.
    await eventually(() => page.locator('.squiggly-error').count()).toBe(1);
    await screenshot(page, 'workspace-candidate-diagnostics');
  });

  it("explains in the page why a stranger cannot open someone's interview or observer view", async () => {
    const { id } = await startCandidate('Claude Shannon');
    const stranger = await (await newContext()).newPage();
    await stranger.goto(`${stack.baseUrl}/interview/${id}`);
    await stranger.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await stranger.getByText('invitation link').waitFor();

    const observer = await observerContext.newPage();
    await observer.goto(`${stack.baseUrl}/candidates/no-such-candidate/observe`);
    await observer.getByRole('heading', { name: 'Not found' }).waitFor();
  });

  it("keeps the observer's editor read-only and offers no file operations", async () => {
    const candidate = await startCandidate('Dorothy Vaughan');
    const observer = await observe(candidate.id);
    expect(await observer.getByRole('button', { name: 'New file' }).count()).toBe(0);
    const before = await editorText(observer);

    await typeAtEnd(observer, 'observer was here');
    await observer.keyboard.press('Control+V');
    await observer.keyboard.press('Delete');

    expect(await editorText(observer)).toBe(before);
    await typeAtEnd(candidate.page, '\n// after the observer tried');
    await eventually(() => editorText(observer)).toContain('// after the observer tried');
    expect(await editorText(candidate.page)).not.toContain('observer was here');
  });

  it("creates, renames and deletes files and folders from the keyboard, and the observer's tree follows", async () => {
    const { page, id } = await startCandidate('Mary Jackson');
    const observer = await observe(id);

    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('New file name').fill('helpers.ts');
    await page.keyboard.press('Enter');
    await eventually(() => openTab(page)).toBe('helpers.ts');
    await treeItem(observer, 'helpers.ts').waitFor();

    // F2 renames the focused item; the name field selects the name without its extension.
    await treeItem(page, 'helpers.ts').focus();
    await page.keyboard.press('F2');
    await page.keyboard.type('utils');
    await page.keyboard.press('Enter');
    await treeItem(observer, 'utils.ts').waitFor();
    expect(await treePaths(observer)).not.toContain('helpers.ts');

    // A folder, then a file inside it (new entries go into the focused folder).
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByLabel('New folder name').fill('lib');
    await page.keyboard.press('Enter');
    await treeItem(page, 'lib').focus();
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('New file name').fill('math.ts');
    await page.keyboard.press('Enter');
    await treeItem(observer, 'math.ts').waitFor();
    expect(await observer.getByRole('treeitem', { name: 'lib' }).getAttribute('aria-level')).toBe(
      '1',
    );
    expect(await treeItem(observer, 'math.ts').getAttribute('aria-level')).toBe('2');
    await screenshot(page, 'workspace-candidate-files');

    // Arrow keys move through the tree; Delete removes the folder with its file.
    await treeItem(page, 'math.ts').focus();
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('lib');
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.keyboard.press('Delete');
    await eventually(async () => asked).toBe('Delete the folder lib and everything in it?');
    await eventually(() => treePaths(observer)).not.toContain('lib');
    expect(await treePaths(observer)).not.toContain('lib/math.ts');

    // A path the shared rules refuse is explained, and nothing is created.
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('New file name').fill('../evil.ts');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'not a valid path' }).waitFor();
    await page.keyboard.press('Escape');

    // Every file operation is one update, recorded as a file operation.
    await eventually(
      async () => (await historyOf(id)).filter((row) => row.origin === 'file-op').length,
    ).toBe(5);
    await eventually(() => treePaths(page)).toEqual([
      'README.md',
      'solution.test.ts',
      'solution.ts',
      'utils.ts',
    ]);
  });

  it("follows the candidate's open file until the observer picks one", async () => {
    const { page, id } = await startCandidate('Annie Easley');
    const observer = await observe(id);
    const follow = observer.getByLabel('Follow candidate');
    expect(await follow.isChecked()).toBe(true);

    await treeItem(page, 'README.md').click();
    await eventually(() => openTab(observer)).toBe('README.md');

    await treeItem(observer, 'solution.test.ts').click();
    expect(await follow.isChecked()).toBe(false);
    await treeItem(page, 'solution.ts').click();
    await eventually(() => shownText(observer.getByTestId('candidate-location'))).toContain(
      'solution.ts',
    );
    expect(await openTab(observer)).toBe('solution.test.ts');

    await follow.check();
    await eventually(() => openTab(observer)).toBe('solution.ts');
  });

  it('stamps private notes with the session time and shares them with other observers only', async () => {
    const { page, id } = await startCandidate('Evelyn Boyd');
    const observer = await observe(id);
    const colleague = await observe(id);

    await observer.getByLabel('New note').fill('Reads the problem carefully before coding.');
    await observer.getByRole('button', { name: 'Add note' }).click();

    const note = colleague.getByTestId('note').filter({ hasText: 'Reads the problem carefully' });
    await note.waitFor();
    expect(await shownText(note.locator('.note-time'))).toMatch(/^\d+:\d{2}$/);
    expect(await shownText(note)).toContain('Grace Hopper');
    await screenshot(colleague, 'workspace-observer-notes');
    expect(await page.getByLabel('Private notes').count()).toBe(0);
    expect(await page.getByText('Reads the problem carefully').count()).toBe(0);
  });

  it('records pastes and pastes of AI text with their origins in the history log', async () => {
    const { page, id } = await startCandidate('Alan Turing');
    await typeAtEnd(page, '\n');
    await paste(page, 'const pastedByHand = 1;\n');

    // Text the candidate copies from the chat's answer counts as AI text when pasted.
    await page.evaluate(() => {
      const answer = document.createElement('div');
      answer.dataset.aiContent = '';
      answer.textContent = 'const suggestedByAi = 2;';
      document.body.append(answer);
      document.getSelection()?.selectAllChildren(answer);
      document.dispatchEvent(new ClipboardEvent('copy', { bubbles: true }));
      answer.remove();
    });
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await paste(page, 'const suggestedByAi = 2;');
    await eventually(() => editorText(page)).toContain('const suggestedByAi = 2;');

    const originOf = async (text: string) =>
      (await historyOf(id)).find((row) => row.update.includes(text))?.origin;
    await eventually(() => originOf('pastedByHand')).toBe('paste');
    await eventually(() => originOf('suggestedByAi')).toBe('ai-paste');
  });

  it("undoes only the candidate's own edits, not another tab's", async () => {
    const { page, id } = await startCandidate('Hedy Lamarr');
    const second = await page.context().newPage();
    await second.goto(`${stack.baseUrl}/interview/${id}`);
    await waitForWorkspace(second);

    await typeAtEnd(page, '\n// first tab');
    await eventually(() => editorText(second)).toContain('// first tab');
    await typeAtEnd(second, '\n// second tab');
    await eventually(() => editorText(second)).toContain('// second tab');
    await eventually(() => editorText(page)).toContain('// second tab');

    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Z');
    await eventually(() => editorText(second)).not.toContain('// first tab');
    expect(await editorText(page)).toContain('// second tab');
    await page.keyboard.press('Control+Shift+Z');
    await eventually(() => editorText(second)).toContain('// first tab');
  });

  it('keeps edits typed offline through a reload and merges them when the connection returns', async () => {
    let online = true;
    const sockets = new Set<WebSocketRoute>();
    const { page, id } = await startCandidate('Margaret Hamilton', (context) =>
      context.routeWebSocket(
        (url) => url.href.startsWith(stack.collabUrl),
        (socket) => {
          if (!online) return socket.close();
          socket.connectToServer();
          sockets.add(socket);
        },
      ),
    );
    const observer = await observe(id);

    online = false;
    for (const socket of sockets) await socket.close();
    await typeAtEnd(page, '\n// written while offline');
    await page
      .getByRole('status')
      .filter({ hasText: 'Offline — your work is kept and will sync' })
      .waitFor();
    await screenshot(page, 'workspace-candidate-offline');

    // IndexedDB writes are asynchronous; a person closes the tab later than this.
    await page.waitForTimeout(500);
    await page.reload();
    await page.locator('.monaco-editor .view-lines').waitFor();
    await eventually(() => editorText(page)).toContain('// written while offline');
    expect(await editorText(observer)).not.toContain('// written while offline');

    online = true;
    await expect
      .poll(() => editorText(observer), { timeout: 30_000 })
      .toContain('// written while offline');
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  }, 90_000);
});
