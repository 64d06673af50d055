import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type * as Y from 'yjs';
import { sessionLeases, testResults, testRuns } from '../../db/schema/index.ts';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { finishTestRun, insertTestResult, insertTestRun } from '../runner/test-run-records.ts';
import type { BridgeServer } from '../server.ts';
import { type BridgeStack, startBridgeStack } from '../test-support/bridge-stack.ts';
import { createSessionFixture, TYPESCRIPT_PROBLEM } from '../test-support/fixtures.ts';
import { eventually } from '../test-support/local-sandbox.ts';
import { saveArchive } from './session-records.ts';
import { sandboxIdFor } from './session-registry.ts';

// Two bridges on one database, collab-server and sandbox folder (decision 024):
// a session belongs to one of them by lease; when its owner stops renewing,
// the other takes it over and the stale one can no longer write.

const LEASE_MS = 1500;
let stack: BridgeStack;
let second: BridgeServer;
beforeAll(async () => {
  stack = await startBridgeStack({ leaseMs: LEASE_MS });
  second = await stack.addBridge();
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

const leaseOf = async (sessionId: string) => {
  const [row] = await stack.database.db
    .select()
    .from(sessionLeases)
    .where(eq(sessionLeases.sessionId, sessionId));
  return row;
};

test('a session is served by one bridge; the other answers 421 with the owner', async () => {
  const fixture = await createSessionFixture(stack.database.db, TYPESCRIPT_PROBLEM);
  await stack.seedDocument(fixture.sessionId, TYPESCRIPT_PROBLEM.starterFiles);
  expect((await stack.post(fixture, 'start')).status).toBe(200);

  const token = await stack.token(fixture, 'service');
  const response = await fetch(
    `http://127.0.0.1:${second.port}/sessions/${fixture.sessionId}/start`,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
  );
  expect(response.status).toBe(421);
  const body = (await response.json()) as { error: { code: string; ownerUrl: string } };
  expect(body.error).toMatchObject({ code: 'SESSION_OWNED_ELSEWHERE', ownerUrl: stack.baseUrl });
  expect(second.registry.has(fixture.sessionId)).toBe(false);
  expect(await leaseOf(fixture.sessionId)).toMatchObject({
    owner: stack.bridge.leases.owner,
    generation: 1,
  });
});

test('a dead owner is taken over within seconds; its disk change survives; the stale bridge is fenced off', {
  timeout: 60_000,
}, async () => {
  const db = stack.database.db;
  const fixture = await createSessionFixture(db, TYPESCRIPT_PROBLEM);
  await stack.seedDocument(fixture.sessionId, TYPESCRIPT_PROBLEM.starterFiles);
  const stale = await stack.bridge.registry.open(fixture.sessionId);

  // The owner hangs: no more renewals (as a process stopped with kill -STOP, or cut from Postgres).
  const renew = vi.spyOn(stack.bridge.leases, 'renew').mockResolvedValue(undefined);
  try {
    // A change on disk no bridge has read yet (the shell wrote it as the owner died).
    const disk = await stack.harness.driver.create(sandboxIdFor(fixture.sessionId));
    await disk.writeFile('notes.txt', 'written while the owner died\n');
    const died = performance.now();

    await eventually(
      () => (second.registry.has(fixture.sessionId) ? true : undefined),
      LEASE_MS * 6,
      'the second bridge to take the session over',
    );
    const recoveredMs = Math.round(performance.now() - died);
    expect(recoveredMs).toBeLessThan(LEASE_MS * 6);
    expect(await leaseOf(fixture.sessionId)).toMatchObject({
      owner: second.leases.owner,
      generation: 2,
    });

    // The new owner resynced from disk and document: the change is in the document.
    const taken = await second.registry.open(fixture.sessionId);
    const files = taken.document.doc.getMap<Y.Text>(SESSION_DOC.files);
    await eventually(
      () =>
        files.get('notes.txt')?.toString() === 'written while the owner died\n' ? true : undefined,
      10_000,
      'the disk change in the document',
    );

    // Every write of the stale bridge is refused: disk, document, archive row.
    expect(stale.lease?.held()).toBe(false);
    await expect(stale.sandbox.writeFile('solution.ts', 'stale\n')).rejects.toMatchObject({
      code: 'LEASE_LOST',
    });
    await expect(stale.sandbox.exec(['true'])).rejects.toMatchObject({ code: 'LEASE_LOST' });
    expect(() =>
      stale.document.transact('terminal', (doc) =>
        doc.getMap(SESSION_DOC.files).delete('notes.txt'),
      ),
    ).toThrow(expect.objectContaining({ code: 'LEASE_LOST' }));
    expect(
      await saveArchive(
        db,
        fixture.sessionId,
        { key: 'stale', bytes: 1 },
        { owner: stack.bridge.leases.owner, generation: stale.lease!.generation },
      ),
    ).toBe(false);
    expect(files.has('notes.txt')).toBe(true);
  } finally {
    renew.mockRestore();
  }
  // At its next renewal the stale bridge learns it and drops the session.
  await stack.bridge.leases.renew();
  expect(stack.bridge.registry.has(fixture.sessionId)).toBe(false);
});

test('a bridge that shuts down cleanly hands its sessions over at once', async () => {
  const fixture = await createSessionFixture(stack.database.db, TYPESCRIPT_PROBLEM);
  await stack.seedDocument(fixture.sessionId, TYPESCRIPT_PROBLEM.starterFiles);
  const third = await stack.addBridge();
  await third.registry.open(fixture.sessionId);
  const before = await leaseOf(fixture.sessionId);
  await third.close();
  const after = await leaseOf(fixture.sessionId);
  expect(after!.generation).toBe(before!.generation);
  expect(after!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 50);
  const adopted = await eventually(
    () =>
      stack.bridge.registry.has(fixture.sessionId) || second.registry.has(fixture.sessionId)
        ? true
        : undefined,
    LEASE_MS * 4,
    'a surviving bridge to adopt the session',
  );
  expect(adopted).toBe(true);
});

test('a bridge whose lease generation is stale cannot write test-run rows: LEASE_LOST, nothing written', async () => {
  const db = stack.database.db;
  const fixture = await createSessionFixture(db, TYPESCRIPT_PROBLEM);
  await stack.seedDocument(fixture.sessionId, TYPESCRIPT_PROBLEM.starterFiles);
  const session = await stack.bridge.registry.open(fixture.sessionId);
  const fence = stack.bridge.registry.fence(session.lease)!;
  const result = (runId: string, index: number) => ({
    runId,
    index,
    name: `case ${index}`,
    passed: true,
    durationMs: 3,
  });
  // Under the current lease every row lands.
  const runId = await insertTestRun(db, fixture.sessionId, 'visible', new Date(), 0, fence);
  await insertTestResult(db, result(runId, 0), fence);

  // Another acquisition bumps the generation (here: another bridge, as after a takeover).
  await db
    .update(sessionLeases)
    .set({
      owner: 'another-bridge',
      generation: sql`${sessionLeases.generation} + 1`,
      expiresAt: sql`now() + interval '1 minute'`,
    })
    .where(eq(sessionLeases.sessionId, fixture.sessionId));

  await expect(
    insertTestRun(db, fixture.sessionId, 'visible', new Date(), 0, fence),
  ).rejects.toMatchObject({ code: 'LEASE_LOST' });
  await expect(insertTestResult(db, result(runId, 1), fence)).rejects.toMatchObject({
    code: 'LEASE_LOST',
  });
  await expect(
    finishTestRun(
      db,
      { runId, total: 2, passed: 2, failed: 0, passRate: 100, durationMs: 9 },
      null,
      fence,
    ),
  ).rejects.toMatchObject({ code: 'LEASE_LOST' });

  const runs = await db.select().from(testRuns).where(eq(testRuns.sessionId, fixture.sessionId));
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ id: runId, status: 'running', total: 0, finishedAt: null });
  const results = await db.select().from(testResults).where(eq(testResults.runId, runId));
  expect(results.map((row) => row.index)).toEqual([0]);

  // The same owner with an old generation (it re-acquired meanwhile) is stale too.
  await db
    .update(sessionLeases)
    .set({ owner: fence.owner, generation: sql`${sessionLeases.generation} + 1` })
    .where(eq(sessionLeases.sessionId, fixture.sessionId));
  await expect(insertTestResult(db, result(runId, 1), fence)).rejects.toMatchObject({
    code: 'LEASE_LOST',
  });
  expect(await db.select().from(testResults).where(eq(testResults.runId, runId))).toHaveLength(1);
  await stack.bridge.leases.renew();
});

test('a renewal that comes late keeps the session when nobody took it (no drop and reopen)', async () => {
  const fixture = await createSessionFixture(stack.database.db, TYPESCRIPT_PROBLEM);
  await stack.seedDocument(fixture.sessionId, TYPESCRIPT_PROBLEM.starterFiles);
  const session = await stack.bridge.registry.open(fixture.sessionId);
  const lease = session.lease!;
  // The bridge was starved past its local validity: writes are refused meanwhile.
  lease.validUntil = performance.now() - 1;
  await expect(session.sandbox.writeFile('late.txt', 'x')).rejects.toMatchObject({
    code: 'LEASE_LOST',
  });
  await stack.bridge.leases.renew();
  // Nobody acquired in between (same generation): the lease holds again, the session stays open.
  expect(lease.held()).toBe(true);
  expect(stack.bridge.registry.has(fixture.sessionId)).toBe(true);
  expect(await leaseOf(fixture.sessionId)).toMatchObject({
    owner: stack.bridge.leases.owner,
    generation: lease.generation,
  });
  await expect(session.sandbox.writeFile('late.txt', 'x')).resolves.toBeTruthy();
});
