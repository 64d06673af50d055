import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { sessionEvents, testResults, testRuns } from '../../db/schema/index.ts';
import { SESSION_DOC, sessionDocumentName } from '../../protocol/documents.ts';
import { readTestStream, type TestStreamEvent } from '../../protocol/tests-stream.ts';
import { type BridgeStack, startBridgeStack } from '../test-support/bridge-stack.ts';
import {
  createSessionFixture,
  type ProblemFixture,
  PYTHON_PROBLEM,
  type SessionFixture,
  TYPESCRIPT_PROBLEM,
} from '../test-support/fixtures.ts';
import { eventually } from '../test-support/local-sandbox.ts';

let stack: BridgeStack;

beforeAll(async () => {
  stack = await startBridgeStack({ limits: { cpuSeconds: 3, wallClockMs: 15_000 } });
});
afterAll(async () => {
  await stack?.close();
});

async function session(problem: ProblemFixture = TYPESCRIPT_PROBLEM): Promise<SessionFixture> {
  const fixture = await createSessionFixture(stack.database.db, problem);
  await stack.seedDocument(fixture.sessionId, [...problem.starterFiles, ...problem.visibleTests]);
  return fixture;
}

async function collect(response: Response): Promise<TestStreamEvent[]> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events: TestStreamEvent[] = [];
  for await (const event of readTestStream(response.body!)) events.push(event);
  return events;
}

/** Two tests in a concurrent suite: the one declared first finishes last. */
const CONCURRENT_PROBLEM: ProblemFixture = {
  ...TYPESCRIPT_PROBLEM,
  visibleTests: [
    {
      path: 'order.test.ts',
      content: `import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

describe('concurrently', { concurrency: true }, () => {
  test('declared first, finishes last', async () => {
    await new Promise((resolve) => setTimeout(resolve, 400));
  });
  test('declared second, finishes first', () => {
    assert.ok(true);
  });
});
`,
    },
  ],
};

describe('the visible test stream', () => {
  test('emits start, one test_result per test, and done with the summary', async () => {
    const fixture = await session();
    const events = await collect(await stack.post(fixture, 'tests'));
    expect(events.map((e) => e.event)).toEqual([
      'start',
      'test_result',
      'test_result',
      'test_result',
      'test_result',
      'test_result',
      'done',
    ]);
    const [start, ...rest] = events;
    expect(start).toMatchObject({ event: 'start', data: { total: 5, kind: 'visible' } });
    const results = rest.filter((e) => e.event === 'test_result').map((e) => e.data);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(results.find((r) => r.name === 'fails on purpose')).toMatchObject({ passed: false });
    expect(results.find((r) => r.name === 'fails on purpose')?.error).toContain('4 !== 5');
    expect(events.at(-1)).toMatchObject({
      event: 'done',
      data: { total: 5, passed: 4, failed: 1, passRate: 80 },
    });
  });

  test('reports tests in the order they finish, not the order they are declared', async () => {
    const fixture = await session(CONCURRENT_PROBLEM);
    const events = await collect(await stack.post(fixture, 'tests'));
    const names = events.filter((e) => e.event === 'test_result').map((e) => e.data.name);
    expect(names).toEqual(['declared second, finishes first', 'declared first, finishes last']);
  });

  test('records the run, each result and the session events', async () => {
    const fixture = await session();
    const events = await collect(await stack.post(fixture, 'tests'));
    const runId = events[0]!.data.runId!;
    const [run] = await stack.database.db.select().from(testRuns).where(eq(testRuns.id, runId));
    expect(run).toMatchObject({
      kind: 'visible',
      status: 'failed',
      total: 5,
      passed: 4,
      failed: 1,
    });
    const rows = await stack.database.db
      .select()
      .from(testResults)
      .where(eq(testResults.runId, runId));
    expect(rows).toHaveLength(5);
    const types = await eventually(async () => {
      const stored = await stack.database.db
        .select({ type: sessionEvents.type })
        .from(sessionEvents)
        .where(eq(sessionEvents.sessionId, fixture.sessionId));
      const list = stored.map((row) => row.type);
      return list.includes('test_run_finished') ? list : undefined;
    });
    expect(types.filter((t) => t === 'test_result')).toHaveLength(5);
    expect(types).toContain('test_run_started');
  });

  test('runs Python tests with unittest, the candidate’s prints kept out of the results', async () => {
    const fixture = await session(PYTHON_PROBLEM);
    const events = await collect(await stack.post(fixture, 'tests'));
    const results = events.filter((e) => e.event === 'test_result').map((e) => e.data);
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ['test_small', true],
      ['test_wrong', false],
    ]);
    expect(results[1]!.error).toContain('AssertionError: 4 != 5');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { total: 2, passed: 1 } });
  });

  test('a suite stopped by a limit ends with an error event', async () => {
    const fixture = await session();
    await stack.seedDocument(fixture.sessionId, [
      { path: 'solution.ts', content: 'export function add(): number {\n  for (;;) {}\n}\n' },
    ]);
    const events = await collect(await stack.post(fixture, 'tests'));
    expect(events[0]!.event).toBe('start');
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'TEST_LIMIT' } });
    expect(events.at(-1)!.data).toHaveProperty('message', expect.stringMatching(/CPU limit/));
  });

  test('a second run while one is running is refused', async () => {
    const fixture = await session();
    const first = stack.post(fixture, 'tests');
    await eventually(() =>
      stack.bridge.registry.open(fixture.sessionId).then((s) => (s.testRun ? true : undefined)),
    );
    const second = await stack.post(fixture, 'tests');
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: { code: 'RUN_IN_PROGRESS' } });
    await collect(await first);
  });

  test('without the visible test files there is nothing to run', async () => {
    const fixture = await session();
    const connection = await stack.collab.server.hocuspocus.openDirectConnection(
      sessionDocumentName(fixture.sessionId),
      {},
    );
    await stack.post(fixture, 'start');
    await connection.transact((doc) => doc.getMap(SESSION_DOC.files).delete('solution.test.ts'));
    const response = await stack.post(fixture, 'tests');
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: 'NO_TESTS' } });
    await connection.disconnect();
  });
});

describe('final grading', () => {
  test('runs visible and hidden tests on a copy; hidden tests never reach the workspace', async () => {
    const fixture = await session();
    // The candidate "fixes" the failing visible test in their copy: grading uses the problem's.
    const connection = await stack.collab.server.hocuspocus.openDirectConnection(
      sessionDocumentName(fixture.sessionId),
      {},
    );
    await stack.post(fixture, 'start');
    await connection.transact((doc) => {
      const text = doc.getMap<Y.Text>(SESSION_DOC.files).get('solution.test.ts')!;
      const content = text.toString();
      const at = content.indexOf('add(2, 2), 5');
      text.delete(at, 'add(2, 2), 5'.length);
      text.insert(at, 'add(2, 2), 4');
    });
    const events = await collect(await stack.post(fixture, 'grade'));
    const results = events.filter((e) => e.event === 'test_result').map((e) => e.data);
    expect(results).toHaveLength(7);
    expect(
      results
        .filter((r) => r.hidden)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['hidden: fractions', 'hidden: large numbers']);
    expect(results.find((r) => r.name === 'fails on purpose')).toMatchObject({
      passed: false,
      hidden: false,
    });
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { total: 7, passed: 6 } });

    const live = await stack.bridge.registry.open(fixture.sessionId);
    const paths = (await live.sandbox.list()).map((entry) => entry.path);
    expect(paths).not.toContain('hidden.test.ts');
    expect([...connection.document!.getMap(SESSION_DOC.files).keys()]).not.toContain(
      'hidden.test.ts',
    );
    const [run] = await stack.database.db
      .select()
      .from(testRuns)
      .where(and(eq(testRuns.sessionId, fixture.sessionId), eq(testRuns.kind, 'final')));
    expect(run).toMatchObject({ total: 7, passed: 6 });
    await connection.disconnect();
  });
});

describe('who may call the bridge', () => {
  test('requests without a service token for this session are refused', async () => {
    const fixture = await session();
    const url = `${stack.baseUrl}/sessions/${fixture.sessionId}/tests`;
    const none = await fetch(url, { method: 'POST' });
    expect(none.status).toBe(401);
    const candidate = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${await stack.token(fixture, 'candidate')}` },
    });
    expect(candidate.status).toBe(403);
    const other = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.token(fixture, 'service', 'another-session')}`,
      },
    });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});
