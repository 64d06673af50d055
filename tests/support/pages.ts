import type { Locator, Page } from 'playwright-core';

/** Waits until the editor bundle rendered and the session document is connected. */
export async function waitForWorkspace(page: Page): Promise<void> {
  await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 30_000 });
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });
}

/** Text as rendered, with line breaks (Playwright's innerText). */
export function shownText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node
  return locator.innerText();
}

/** The editor's visible text (Monaco renders spaces as no-break spaces). */
export async function editorText(page: Page): Promise<string> {
  return (await shownText(page.locator('.monaco-editor .view-lines'))).replace(/\u00a0/g, ' ');
}

/** Clicks into the editor and types at the end of the open file. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** Dispatches a paste of `text` into the focused element, as the browser does for Ctrl+V. */
export async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    const event = new ClipboardEvent('paste', {
      clipboardData: data,
      bubbles: true,
      cancelable: true,
    });
    document.activeElement?.dispatchEvent(event);
  }, text);
}

/** Replaces the whole text of a Monaco editor inside `scope` (select all, then paste). */
export async function replaceEditorText(page: Page, scope: Locator, text: string): Promise<void> {
  await scope.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await paste(page, text);
}
