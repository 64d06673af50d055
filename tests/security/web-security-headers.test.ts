import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { shownText, waitForWorkspace } from '../support/pages.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Attack (issue 12): the app sent no Content-Security-Policy, no
 * frame-ancestors/X-Frame-Options, no nosniff and no Referrer-Policy, so any
 * site could frame the workspace (clickjacking) and an injected script ran
 * unhindered. Now every response carries them, and the workspace (Monaco with
 * its workers, the collab WebSocket, the terminal) still works under the
 * policy without a single violation.
 */
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers', () => {
  for (const path of ['/login', '/api/openapi.json', '/favicon.ico', '/no-such-page', '/healthz']) {
    it(`are on ${path}`, async () => {
      const response = await fetch(`${stack.baseUrl}${path}`);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      const csp = directives(response.headers.get('content-security-policy') ?? '');
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
      expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    });
  }

  it('let a page connect to the collab-server and the terminal it is given, and to nothing else', async () => {
    const response = await fetch(`${stack.baseUrl}/login`);
    const csp = directives(response.headers.get('content-security-policy') ?? '');
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      stack.collabUrl,
      stack.bridgeUrl.replace('http:', 'ws:'),
    ]);
  });

  it('give each page its own script nonce', async () => {
    const nonces = await Promise.all(
      [1, 2].map(async () => {
        const response = await fetch(`${stack.baseUrl}/login`);
        const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy')!)?.[1];
        expect(await response.text()).toContain(`nonce="${nonce}"`);
        return nonce;
      }),
    );
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});

describe("the candidate's workspace under the policy", () => {
  it('loads Monaco and the terminal with no CSP violation', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(`${stack.baseUrl}/invite/${stack.demo.inviteToken!}`);
    await page.getByRole('button', { name: /start interview/i }).click();
    await page.waitForURL(/\/interview\/[^/]+$/);
    await waitForWorkspace(page);
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await page.locator('.xterm').click();
    await page.keyboard.type('echo csp-$((6*7))\n');
    await expect
      .poll(() => shownText(page.locator('.xterm-rows')), { timeout: 20_000 })
      .toContain('csp-42');
    await screenshot(page, 'web-security-headers-workspace');
    expect(problems.filter((text) => /content security policy|csp/i.test(text))).toEqual([]);
    await context.close();
  });
});
