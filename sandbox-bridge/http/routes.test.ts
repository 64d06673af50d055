import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgePaths, PROBLEM_TRY_SESSION } from '../../protocol/bridge-api.ts';
import { signSessionToken } from '../../protocol/tokens.ts';
import { type BridgeStack, startBridgeStack, TEST_SECRET } from '../test-support/bridge-stack.ts';

// The app reads the bridge's answers by status and code: every refusal is
// `{ error: { code, message } }` with the status that goes with the code.

let stack: BridgeStack;
beforeAll(async () => {
  stack = await startBridgeStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

/** A service token for `sessionId`, as the app mints it. */
function serviceToken(sessionId: string): Promise<string> {
  return signSessionToken(
    { sessionId, organizationId: 'org-routes', subject: 'app', role: 'service', name: 'app' },
    TEST_SECRET,
    600,
  );
}

async function refusal(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  return body.error.message;
}

describe("the bridge's HTTP API", () => {
  it('answers its health check, and a path it does not serve with NOT_FOUND', async () => {
    const health = await fetch(`${stack.baseUrl}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', service: 'sandbox-bridge' });
    const message = await refusal(
      await fetch(`${stack.baseUrl}/sessions/abc/explode`, { method: 'POST' }),
      404,
      'NOT_FOUND',
    );
    expect(message).toContain('/sessions/abc/explode');
  });

  it('takes only POST on session endpoints and says so in Allow', async () => {
    const response = await fetch(`${stack.baseUrl}/sessions/abc/start`);
    expect(response.headers.get('allow')).toBe('POST');
    await refusal(response, 405, 'METHOD_NOT_ALLOWED');
  });

  it('refuses a "try it" that is not a POST, not JSON, or not a problem, naming the field', async () => {
    const url = `${stack.baseUrl}${bridgePaths.tryProblem}`;
    await refusal(await fetch(url), 405, 'METHOD_NOT_ALLOWED');
    const authorization = `Bearer ${await serviceToken(PROBLEM_TRY_SESSION)}`;
    const notJson = await fetch(url, {
      method: 'POST',
      headers: { authorization },
      body: '{"language": ',
    });
    expect(await refusal(notJson, 400, 'BAD_REQUEST')).toBe('The body must be JSON.');
    const noTests = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'typescript', files: [], visibleTests: [] }),
    });
    expect(await refusal(noTests, 400, 'BAD_REQUEST')).toMatch(/^visibleTests: /);
  });

  it('refuses a "try it" with the token of a session instead of the question bank', async () => {
    const response = await fetch(`${stack.baseUrl}${bridgePaths.tryProblem}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await serviceToken('a-session')}`,
      },
      body: '{}',
    });
    await refusal(response, 403, 'FORBIDDEN');
  });
});
