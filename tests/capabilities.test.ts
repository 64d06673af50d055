import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInClient } from './support/fixtures.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

// The invitation page promised "An AI assistant is available." on a server
// without ANTHROPIC_API_KEY, where the panel then said it was unavailable.
describe('pages say what this server offers (no ANTHROPIC_API_KEY)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('the invitation page does not promise the AI assistant of an assessment that enables it', async () => {
    const page = await new TestClient(stack.baseUrl).request(`/invite/${stack.demo.inviteToken}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('An AI assistant is available.');
    expect(html).toContain('No AI assistant in this interview.');
  });

  it('the dashboard tells the team which assessment uses the assistant the server lacks', async () => {
    const owner = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const html = await (await owner.request('/dashboard')).text();
    expect(html).toContain(
      'offers the AI assistant, but this server has no ANTHROPIC_API_KEY: candidates will not get it.',
    );
  });
});

describe('pages say what this server offers (with an assistant)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ assistant: true });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('the invitation page promises the assistant, and the dashboard has nothing to warn about', async () => {
    const invite = await new TestClient(stack.baseUrl).request(`/invite/${stack.demo.inviteToken}`);
    expect(await invite.text()).toContain('An AI assistant is available.');
    const owner = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const html = await (await owner.request('/dashboard')).text();
    expect(html).not.toContain('ANTHROPIC_API_KEY');
  });
});
