import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { sessionLeases } from '../../db/schema/index.ts';
import type { BridgeServer } from '../server.ts';
import { type BridgeStack, startBridgeStack } from '../test-support/bridge-stack.ts';
import { createSessionFixture, TYPESCRIPT_PROBLEM } from '../test-support/fixtures.ts';
import { eventually } from '../test-support/local-sandbox.ts';
import { SessionRegistry } from './session-registry.ts';

// Bridges adopting a dead bridge's sessions split them (decision 024): each
// takes at most its fair share of the live sessions per pass, so the first
// bridge to look does not end up with all of them.

const LEASE_MS = 1500;
const ORPHANS = 6;
let stack: BridgeStack;
let second: BridgeServer;
beforeAll(async () => {
  stack = await startBridgeStack({ leaseMs: LEASE_MS });
  second = await stack.addBridge();
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

test('two bridges adopting six orphaned sessions take three each', {
  timeout: 90_000,
}, async () => {
  const db = stack.database.db;
  const third = await stack.addBridge();
  const sessionIds: string[] = [];
  for (let i = 0; i < ORPHANS; i++) {
    const fixture = await createSessionFixture(db, TYPESCRIPT_PROBLEM);
    await stack.seedDocument(fixture.sessionId, TYPESCRIPT_PROBLEM.starterFiles);
    await third.registry.open(fixture.sessionId);
    sessionIds.push(fixture.sessionId);
  }
  // The passes run when the test says (the bridges' own timers would race each other).
  const adopt = SessionRegistry.prototype.adoptOrphans;
  const paused = [stack.bridge, second].map((bridge) =>
    vi.spyOn(bridge.registry, 'adoptOrphans').mockResolvedValue([]),
  );
  // The third bridge goes away: all six sessions are orphans at the same moment.
  await third.close();
  // The first bridge to look takes its share, not everything.
  const first = await adopt.call(stack.bridge.registry);
  expect(first).toHaveLength(ORPHANS / 2);
  const then = await adopt.call(second.registry);
  expect(then).toHaveLength(ORPHANS / 2);
  for (const spy of paused) spy.mockRestore();

  const owners = async () => {
    const rows = await db
      .select({ owner: sessionLeases.owner })
      .from(sessionLeases)
      .where(
        and(inArray(sessionLeases.sessionId, sessionIds), gt(sessionLeases.expiresAt, sql`now()`)),
      );
    return rows.map((row) => row.owner);
  };
  const taken = await eventually(
    async () => {
      const list = await owners();
      return list.length === ORPHANS ? list : undefined;
    },
    LEASE_MS * 20,
    'every orphan adopted',
  );
  const count = (owner: string) => taken.filter((id) => id === owner).length;
  expect(count(stack.bridge.leases.owner) + count(second.leases.owner)).toBe(ORPHANS);
  expect(count(stack.bridge.leases.owner)).toBe(ORPHANS / 2);
  expect(count(second.leases.owner)).toBe(ORPHANS / 2);
  for (const sessionId of sessionIds) {
    const [lease] = await db
      .select()
      .from(sessionLeases)
      .where(eq(sessionLeases.sessionId, sessionId));
    const owner = lease!.owner === second.leases.owner ? second : stack.bridge;
    expect(owner.registry.has(sessionId)).toBe(true);
  }
});

test('a lone bridge still adopts every orphan: its fair share is all of them', {
  timeout: 60_000,
}, async () => {
  const db = stack.database.db;
  // The second bridge goes away too: its three sessions join the first's three.
  await second.close();
  await eventually(
    async () => {
      const rows = await db
        .select({ owner: sessionLeases.owner })
        .from(sessionLeases)
        .where(gt(sessionLeases.expiresAt, sql`now()`));
      return rows.length === ORPHANS && rows.every((row) => row.owner === stack.bridge.leases.owner)
        ? true
        : undefined;
    },
    LEASE_MS * 20,
    'the last bridge to own all six',
  );
});
