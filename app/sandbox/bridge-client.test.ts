import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readTestStream } from '../../protocol/tests-stream.ts';
import {
  type BridgeStack,
  startBridgeStack,
  TEST_SECRET,
} from '../../sandbox-bridge/test-support/bridge-stack.ts';
import {
  createSessionFixture,
  TYPESCRIPT_PROBLEM,
} from '../../sandbox-bridge/test-support/fixtures.ts';
import { freePort } from '../../tests/support/ports.ts';
import {
  BridgeClientError,
  createBridgeClient,
  terminalSocketUrl,
} from './bridge-client.server.ts';

let stack: BridgeStack;

beforeAll(async () => {
  stack = await startBridgeStack();
});
afterAll(async () => {
  await stack?.close();
});

async function session() {
  const fixture = await createSessionFixture(stack.database.db);
  await stack.seedDocument(fixture.sessionId, [
    ...TYPESCRIPT_PROBLEM.starterFiles,
    ...TYPESCRIPT_PROBLEM.visibleTests,
  ]);
  return { sessionId: fixture.sessionId, organizationId: fixture.organizationId };
}

describe('the app’s bridge client', () => {
  test('starts a sandbox, streams visible tests, grades and archives', async () => {
    const client = createBridgeClient({ bridgeUrl: stack.baseUrl, secret: TEST_SECRET });
    const ref = await session();

    const started = await client.startSandbox(ref);
    expect(started).toMatchObject({ driver: 'local', status: 'ready', isolated: true });

    const names: string[] = [];
    for await (const event of readTestStream(await client.runTests(ref))) names.push(event.event);
    expect(names[0]).toBe('start');
    expect(names.filter((name) => name === 'test_result')).toHaveLength(5);
    expect(names.at(-1)).toBe('done');

    const graded = await client.grade(ref);
    expect(graded.results).toHaveLength(7);
    expect(graded.results.filter((result) => result.hidden)).toHaveLength(2);
    expect(graded.summary).toMatchObject({ total: 7, passed: 6 });
    expect(graded.error).toBeNull();

    const archived = await client.archive(ref);
    expect(archived.location).toBe('folder');
    expect(archived.bytes).toBeGreaterThan(0);
  });

  test('a bridge refusal arrives as a BridgeClientError with its code', async () => {
    const client = createBridgeClient({
      bridgeUrl: stack.baseUrl,
      secret: 'another-secret-0123456789-0123456789',
    });
    const error = await client.startSandbox(await session()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeClientError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  test('an unreachable bridge is reported as BRIDGE_UNREACHABLE', async () => {
    const client = createBridgeClient({
      bridgeUrl: `http://127.0.0.1:${await freePort()}`,
      secret: TEST_SECRET,
    });
    const error = await client.startSandbox(await session()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BRIDGE_UNREACHABLE', status: 503 });
  });

  test('the terminal URL carries the session and an encoded token', () => {
    expect(terminalSocketUrl('ws://localhost:3002/', 'abc', 'a.b+c')).toBe(
      'ws://localhost:3002/terminal/abc?token=a.b%2Bc',
    );
  });
});
