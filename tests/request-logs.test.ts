import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { readSse, startDemoInterview } from './support/candidate.ts';
import { connectToSession, eventually, type TestCollabClient } from './support/collab-client.ts';
import type { FakeAnthropic } from './support/fake-anthropic.ts';
import { captureLogs, type LogLine } from './support/log-capture.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

// Every service logs to one captured stream at trace level, so a line that
// carries a secret or the candidate's code at any level is found.
const logs = captureLogs();
const ANTHROPIC_KEY = 'sk-ant-test-key-9f8e7d6c5b4a39281706';
const TYPED = 'QUOKKA_TYPED_7c41e2 ';

let anthropic: FakeAnthropic;
let stack: TestStack;
let interview: Awaited<ReturnType<typeof startDemoInterview>>;
let candidate: TestCollabClient;

beforeAll(async () => {
  stack = await startTestStack({
    assistant: true,
    env: {
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      LOG_LEVEL: 'trace',
    },
    logDestination: logs.destination,
  });
  anthropic = stack.anthropic!;
  interview = await startDemoInterview(stack);
  candidate = await connectToSession(stack, interview.session, {
    role: 'candidate',
    subject: interview.candidateId,
  });
}, 60_000);
afterAll(async () => {
  candidate?.close();
  await stack?.close();
});

const api = (suffix: string) => `/api/interview/${interview.candidateId}${suffix}`;
const withId = (requestId: string): LogLine[] =>
  logs.lines().filter((line) => line.requestId === requestId);

describe('request ids across the services', () => {
  it("echoes the caller's x-request-id and logs it on the app's and the bridge's lines of that request", async () => {
    const response = await interview.browser.request(api('/run-tests'), {
      method: 'POST',
      headers: { 'x-request-id': 'test-123' },
    });
    expect(response.headers.get('x-request-id')).toBe('test-123');
    const events = await readSse(response);
    expect(events.at(-1)?.event).toBe('done');

    const lines = await eventually(() => {
      const found = withId('test-123');
      return found.some((line) => line.service === 'app' && line.msg === 'request') && found;
    }, 'the access-log line of the request');
    const app = lines.filter((line) => line.service === 'app');
    expect(app.find((line) => line.msg === 'request')).toMatchObject({
      method: 'POST',
      route: '/api/interview/:id/run-tests',
      status: 200,
    });
    const bridge = lines.filter((line) => line.service === 'sandbox-bridge');
    expect(bridge.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['request', 'test run finished']),
    );
    expect(bridge.find((line) => line.msg === 'request')).toMatchObject({
      route: '/sessions/:id/tests',
      status: 200,
    });
  });

  it('gives a request without a usable id one of its own, and replaces an unusable one', async () => {
    const plain = await fetch(`${stack.baseUrl}/login`);
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await fetch(`${stack.baseUrl}/login`, {
      headers: { 'x-request-id': 'has spaces and "quotes"' },
    });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs the route pattern, not the path: ids and invitation tokens stay out of the access log', () => {
    const routes = logs
      .lines()
      .filter((line) => line.service === 'app' && line.msg === 'request')
      .map((line) => line.route);
    expect(routes).toContain('/invite/:token');
    expect(routes.join(' ')).not.toContain(interview.candidateId);
  });

  it('keeps the Remix build free of the log context: route code reaches the request id through services', () => {
    // A second copy of protocol/log-context.ts in the bundle would hold no request.
    expect(readFileSync('build/server/index.js', 'utf8')).not.toContain('AsyncLocalStorage');
  });
});

describe('one submission, followed by its id', () => {
  it('finds the id on the app’s, the bridge’s and the collab-server’s lines of that request', async () => {
    const solution = DEMO_PROBLEMS[0]!.referenceSolution[0]!;
    candidate.write(solution.path, `// ${TYPED}\n${solution.content}`);
    await eventually(() => candidate.provider.unsyncedChanges === 0, 'the edit reached the server');
    anthropic.script({ text: ['Looks fine.'], inputTokens: 50, outputTokens: 5 });
    const chat = await interview.browser.postJson(api('/chat'), {
      message: 'Is this right?',
      openFile: { path: solution.path, content: candidate.read(solution.path) },
    });
    expect((await readSse(chat)).at(-1)?.event).toBe('done');

    const submitted = await interview.browser.request(api('/submit'), {
      method: 'POST',
      headers: { 'x-request-id': 'test-submit-1', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(submitted.status).toBe(200);
    const lines = await eventually(() => {
      const found = withId('test-submit-1');
      return found.some((line) => line.service === 'app' && line.msg === 'request') && found;
    }, 'the access-log line of the submission');
    const messages = (service: string) =>
      lines.filter((line) => line.service === service).map((line) => line.msg);
    expect(messages('app')).toContain('request');
    // Grading and archiving: two bridge requests under the submission's id.
    expect(messages('sandbox-bridge').filter((msg) => msg === 'request')).toHaveLength(2);
    expect(messages('sandbox-bridge')).toContain('test run finished');
    // The app's close call and its service connection reading the final files.
    expect(messages('collab-server')).toEqual(
      expect.arrayContaining(['request', 'session closed', 'connected']),
    );
    const connection = lines.find(
      (line) => line.service === 'collab-server' && line.msg === 'connected',
    );
    expect(connection).toMatchObject({ role: 'service', connectionId: expect.any(String) });
    expect(
      lines.find((line) => line.service === 'collab-server' && line.msg === 'request'),
    ).toMatchObject({ route: '/sessions/:id/close', status: 200 });
  });

  it('gives the candidate’s own WebSocket connection an id on its connect and disconnect lines', async () => {
    candidate.close();
    const lines = await eventually(() => {
      const found = logs
        .lines()
        .filter((line) => line.service === 'collab-server' && line.role === 'candidate');
      return found.some((line) => line.msg === 'disconnected') && found;
    }, 'the candidate’s disconnect line');
    const connected = lines.find((line) => line.msg === 'connected')!;
    const disconnected = lines.find((line) => line.msg === 'disconnected')!;
    expect(connected.connectionId).toEqual(expect.any(String));
    expect(disconnected.connectionId).toBe(connected.connectionId);
  });
});

describe('what the logs never hold', () => {
  it('has no token, session cookie, API key or typed code in any line of the session', () => {
    const text = logs.text();
    expect(text).toContain('"msg":"test run finished"');
    const secrets = {
      typedCode: TYPED.trim(),
      collabToken: candidate.token,
      invitationToken: stack.demo.inviteToken!,
      anthropicKey: ANTHROPIC_KEY,
      secret: stack.secret,
      ...Object.fromEntries(
        [...interview.browser.cookies].map(([name, value]) => [`cookie ${name}`, value]),
      ),
    };
    for (const [what, value] of Object.entries(secrets)) {
      expect(value.length, what).toBeGreaterThan(10);
      expect(text.includes(value), `${what} is in the logs`).toBe(false);
    }
  });
});
