import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { BridgeServer } from '../../sandbox-bridge/server.ts';
import {
  type BridgeStack,
  startBridgeStack,
  TEST_SECRET,
} from '../../sandbox-bridge/test-support/bridge-stack.ts';
import {
  createSessionFixture,
  TYPESCRIPT_PROBLEM,
} from '../../sandbox-bridge/test-support/fixtures.ts';
import { eventually } from '../../sandbox-bridge/test-support/local-sandbox.ts';
import { connectTerminal } from '../../sandbox-bridge/test-support/terminal-client.ts';
import { createBridgeClient } from './bridge-client.server.ts';
import { bridgeOrder, configuredBridges, leaseOwnerLookup } from './bridge-routing.server.ts';

// The app reaches the bridge that owns a session (decision 024), whichever
// bridge it asks first, and keeps a call going while a session changes owner.

const LEASE_MS = 1500;
let stack: BridgeStack;
let second: BridgeServer;
let secondUrl: string;
beforeAll(async () => {
  stack = await startBridgeStack({ leaseMs: LEASE_MS });
  second = await stack.addBridge();
  secondUrl = `http://127.0.0.1:${second.port}`;
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

async function session() {
  const fixture = await createSessionFixture(stack.database.db);
  await stack.seedDocument(fixture.sessionId, TYPESCRIPT_PROBLEM.starterFiles);
  return { fixture, ref: { sessionId: fixture.sessionId, organizationId: fixture.organizationId } };
}

test('BRIDGE_URLS is a list; each session has its own stable order over it', () => {
  expect(configuredBridges('http://a:1/, http://b:2,http://a:1', 'http://x')).toEqual([
    'http://a:1',
    'http://b:2',
  ]);
  expect(configuredBridges(undefined, 'http://x/')).toEqual(['http://x']);
  const urls = ['http://a', 'http://b', 'http://c'];
  expect(bridgeOrder(urls, 'session-1')).toEqual(bridgeOrder(urls, 'session-1'));
  expect(new Set(bridgeOrder(urls, 'session-1'))).toEqual(new Set(urls));
  const firsts = new Set(
    Array.from({ length: 30 }, (_, index) => bridgeOrder(urls, `s-${index}`)[0]),
  );
  expect(firsts.size).toBe(3);
});

test('a call that reaches a bridge not owning the session is sent on to the owner', async () => {
  const { ref } = await session();
  await stack.bridge.registry.open(ref.sessionId);
  const fetched: string[] = [];
  const client = createBridgeClient({
    bridgeUrl: secondUrl,
    secret: TEST_SECRET,
    routing: { urls: [secondUrl] },
    fetch: (input, init) => {
      fetched.push(new URL(String(input)).origin);
      return fetch(input, init);
    },
  });
  expect(await client.startSandbox(ref)).toMatchObject({ status: 'ready' });
  expect(fetched).toEqual([secondUrl, stack.baseUrl]);
  expect(second.registry.has(ref.sessionId)).toBe(false);

  // With the lease table at hand, the first call goes to the owner.
  fetched.length = 0;
  const routed = createBridgeClient({
    bridgeUrl: secondUrl,
    secret: TEST_SECRET,
    routing: { urls: [secondUrl], ownerOf: leaseOwnerLookup(stack.database.db) },
    fetch: (input, init) => {
      fetched.push(new URL(String(input)).origin);
      return fetch(input, init);
    },
  });
  await routed.startSandbox(ref);
  expect(fetched).toEqual([stack.baseUrl]);
});

test('the terminal opened at a bridge that does not own the session reaches the owner', async () => {
  const { fixture, ref } = await session();
  await stack.bridge.registry.open(ref.sessionId);
  const terminal = await connectTerminal(
    secondUrl.replace('http', 'ws'),
    fixture.sessionId,
    await stack.token(fixture, 'candidate'),
  );
  try {
    terminal.send({ type: 'input', data: 'echo routed-$((40+2))\r' });
    await terminal.waitFor('routed-42', 20_000);
    expect(second.registry.has(ref.sessionId)).toBe(false);
    expect(stack.bridge.registry.has(ref.sessionId)).toBe(true);
  } finally {
    terminal.close();
  }
}, 60_000);

test('a call made while the owner is dead waits for the takeover and lands on the new owner', async () => {
  const { fixture, ref } = await session();
  await stack.bridge.registry.open(ref.sessionId);
  const staleTerminal = await connectTerminal(
    stack.wsUrl,
    fixture.sessionId,
    await stack.token(fixture, 'candidate'),
  );
  await staleTerminal.waitFor('$', 20_000);
  const renew = vi.spyOn(stack.bridge.leases, 'renew').mockResolvedValue(undefined);
  const takeover = vi.spyOn(second.registry, 'adoptOrphans').mockResolvedValue([]);
  try {
    // The owner is "dead" to the app: its URL does not answer.
    const client = createBridgeClient({
      bridgeUrl: secondUrl,
      secret: TEST_SECRET,
      routing: { urls: [stack.baseUrl, secondUrl], ownerOf: leaseOwnerLookup(stack.database.db) },
      failoverMs: 20_000,
      fetch: (input, init) =>
        new URL(String(input)).origin === stack.baseUrl
          ? Promise.reject(new Error('connect ECONNREFUSED'))
          : fetch(input, init),
    });
    const started = performance.now();
    expect(await client.startSandbox(ref)).toMatchObject({ status: 'ready' });
    expect(performance.now() - started).toBeGreaterThan(LEASE_MS / 2);
    expect(second.registry.has(ref.sessionId)).toBe(true);
  } finally {
    renew.mockRestore();
    takeover.mockRestore();
  }
  await stack.bridge.leases.renew();
  await eventually(
    () => (stack.bridge.registry.has(ref.sessionId) ? undefined : true),
    5000,
    'the stale owner to drop the session',
  );
  // Its terminal is told to reconnect (1012 is no refusal: the browser comes back via the edge).
  expect((await staleTerminal.closed).code).toBe(1012);
}, 60_000);
