import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Attack (issue 12): /metrics of the app, the collab-server and the bridge
 * answered anyone who could reach the port, with request routes, session
 * counts and AI spend. Now with METRICS_TOKEN set only `Authorization: Bearer
 * <token>` gets them (401 otherwise); without it only loopback clients do.
 */
const TOKEN = 'metrics-token-for-the-security-test';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ env: { METRICS_TOKEN: TOKEN } });
});
afterAll(async () => {
  await stack?.close();
});

const services = () => ({
  app: stack.baseUrl,
  'collab-server': stack.collabUrl.replace('ws:', 'http:'),
  'sandbox-bridge': stack.bridgeUrl,
});

describe('/metrics with METRICS_TOKEN set', () => {
  for (const name of ['app', 'collab-server', 'sandbox-bridge'] as const) {
    it(`${name} answers 401 without the token or with a wrong one`, async () => {
      const url = `${services()[name]}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const wrong = await fetch(url, { headers: { authorization: 'Bearer not-the-token' } });
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).not.toContain('tandem_');
    });

    it(`${name} serves metrics with the bearer token`, async () => {
      const response = await fetch(`${services()[name]}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('tandem_');
    });
  }
});
