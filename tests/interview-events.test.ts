import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionEvents } from '../db/schema/index.ts';
import { startDemoInterview } from './support/candidate.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let interview: Awaited<ReturnType<typeof startDemoInterview>>;
beforeAll(async () => {
  stack = await startTestStack();
  interview = await startDemoInterview(stack);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

async function clientEvents() {
  const rows = await stack.database.db
    .select()
    .from(sessionEvents)
    .where(eq(sessionEvents.sessionId, interview.session.id));
  return rows.filter((row) => row.source === 'client');
}

describe('the status endpoint', () => {
  it('gives the status and the true time remaining by the server clock', async () => {
    const response = await interview.browser.request(
      `/api/interview/${interview.candidateId}/status`,
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe('ACTIVE');
    expect(body.timeRemaining).toBeGreaterThan(59 * 60);
    expect(body.timeRemaining).toBeLessThanOrEqual(60 * 60);
    expect(Date.parse(body.deadlineAt)).toBe(interview.session.deadlineAt.getTime());
  });

  it('refuses another browser', async () => {
    const response = await new TestClient(stack.baseUrl).request(
      `/api/interview/${interview.candidateId}/status`,
    );
    expect(response.status).toBe(403);
  });
});

describe('batched session events', () => {
  const path = () => `/api/interview/${interview.candidateId}/events/batch`;

  it('stores a valid batch in order and corrects the browser clock skew', async () => {
    const skewedNow = Date.now() - 60 * 60_000; // a browser clock one hour behind
    const response = await interview.browser.postJson(path(), {
      sentAt: skewedNow,
      events: [
        { type: 'focus', timestamp: skewedNow - 3000, data: { focused: false } },
        {
          type: 'paste',
          timestamp: skewedNow - 2000,
          data: { path: 'solution.ts', length: 120, fromAI: true },
        },
        { type: 'file_open', timestamp: skewedNow - 1000, data: { path: 'solution.test.ts' } },
      ],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 3 });
    const rows = await clientEvents();
    expect(rows.map((row) => row.type)).toEqual(['focus', 'paste', 'file_open']);
    for (const row of rows) expect(Math.abs(row.at.getTime() - Date.now())).toBeLessThan(30_000);
    expect(rows[1]!.data).toEqual({ path: 'solution.ts', length: 120, fromAI: true });
  });

  it('rejects a batch with one malformed event, naming it, and writes nothing of it', async () => {
    const before = (await clientEvents()).length;
    const response = await interview.browser.postJson(path(), {
      events: [
        { type: 'focus', timestamp: Date.now(), data: { focused: true } },
        { type: 'paste', timestamp: Date.now(), data: { path: 'x.ts', length: -5 } },
      ],
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('INVALID_EVENT');
    expect(body.error.message).toMatch(/^events\.1\.data\.length/);
    expect((await clientEvents()).length).toBe(before);
  });

  it.each([
    ['an unknown event type', { events: [{ type: 'keylogger', timestamp: 1, data: {} }] }],
    ['an empty batch', { events: [] }],
    ['no events at all', { hello: 'world' }],
    [
      'too many events',
      {
        events: Array.from({ length: 201 }, () => ({
          type: 'focus',
          timestamp: 1,
          data: { focused: true },
        })),
      },
    ],
  ])('rejects %s with 400', async (_name, body) => {
    const response = await interview.browser.postJson(path(), body);
    expect(response.status).toBe(400);
  });

  it('rejects a body that is not JSON', async () => {
    const response = await interview.browser.request(path(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"events": [',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('MALFORMED_JSON');
  });

  it('refuses another browser', async () => {
    const response = await new TestClient(stack.baseUrl).postJson(path(), {
      events: [{ type: 'focus', timestamp: Date.now(), data: { focused: true } }],
    });
    expect(response.status).toBe(403);
  });
});
