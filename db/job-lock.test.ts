import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../tests/support/database.ts';
import { type DatabaseHandle, openDatabase } from './client.ts';
import { runExclusively } from './job-lock.ts';

// Two app replicas = two connection pools on one Postgres: a background job's
// pass runs in one of them at a time, and a replica that dies mid-pass frees it.

const postgres = process.env.TEST_DATABASE_URL ? test : test.skip;
let database: TestDatabase;
let replicas: DatabaseHandle[] = [];

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  database = await createTestDatabase('postgres');
  replicas = await Promise.all(
    [1, 2].map(() => openDatabase({ url: database.url!, maxConnections: 3, migrate: false })),
  );
}, 120_000);
afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await database?.destroy();
});

postgres('a job runs in one replica at a time, then in whichever asks next', async () => {
  const [first, second] = replicas as [DatabaseHandle, DatabaseHandle];
  let finish!: () => void;
  const blocked = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let started!: () => void;
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  const passes: string[] = [];
  const firstPass = runExclusively(first.db, 'deadline-watcher', async () => {
    passes.push('first');
    started();
    await blocked;
  });
  await running;
  // While the first replica's pass runs, the second skips its own.
  expect(
    await runExclusively(second.db, 'deadline-watcher', async () => {
      passes.push('second');
    }),
  ).toBe(false);
  // Another job is not held up by this one.
  expect(await runExclusively(second.db, 'email-outbox', async () => {})).toBe(true);
  finish();
  expect(await firstPass).toBe(true);
  expect(
    await runExclusively(second.db, 'deadline-watcher', async () => {
      passes.push('second');
    }),
  ).toBe(true);
  expect(passes).toEqual(['first', 'second']);
});

postgres('a pass that throws releases the lock', async () => {
  const [first, second] = replicas as [DatabaseHandle, DatabaseHandle];
  await expect(
    runExclusively(first.db, 'retention', async () => {
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  expect(await runExclusively(second.db, 'retention', async () => {})).toBe(true);
});
