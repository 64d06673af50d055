import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds } from '../tests/support/database.ts';
import { DatabaseError, openDatabase } from './client.ts';
import { organizations } from './schema/index.ts';

const folder = mkdtempSync(join(tmpdir(), 'tandem-client-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<DatabaseError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  return error as DatabaseError;
}

// Opening PGlite folders (and migrating them) takes seconds each on a busy machine.
describe('openDatabase', { timeout: 120_000 }, () => {
  it('says which Postgres it cannot reach, names DATABASE_URL and what to do', async () => {
    const error = await failure(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/tandem' }));
    expect(error.code).toBe('DATABASE_UNREACHABLE');
    expect(error.message).toContain('127.0.0.1:1/tandem (DATABASE_URL)');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('unset DATABASE_URL to use the embedded database');
  });

  it('keeps the data of a PGlite folder across openings, each of which migrates it', async () => {
    const dataDir = join(folder, 'kept');
    const first = await openDatabase({ dataDir });
    expect(first).toMatchObject({ kind: 'pglite', location: dataDir });
    await first.db.insert(organizations).values({ name: 'Kept', slug: 'kept' });
    await first.close();
    const second = await openDatabase({ dataDir });
    try {
      const rows = await second.db.select({ slug: organizations.slug }).from(organizations);
      expect(rows).toEqual([{ slug: 'kept' }]);
    } finally {
      await second.close();
    }
  });

  it('stops with DATABASE_MIGRATION_FAILED, naming the database, when a migration cannot apply', async () => {
    const dataDir = join(folder, 'conflicting');
    const bare = await openDatabase({ dataDir, migrate: false });
    // A table of the first migration's name that is not ours: the migration cannot create it.
    await bare.db.execute(sql`create table organizations (something int)`);
    await bare.close();
    const error = await failure(openDatabase({ dataDir }));
    expect(error.code).toBe('DATABASE_MIGRATION_FAILED');
    expect(error.message).toContain(`Migrating ${dataDir} failed`);
    // It closed the database it opened: the folder opens again.
    const again = await openDatabase({ dataDir, migrate: false });
    await again.close();
  });

  it.each(databaseKinds())(
    'pings %s while it is open and throws once it is closed',
    async (kind) => {
      const database = await createTestDatabase(kind);
      try {
        await expect(database.ping()).resolves.toBeUndefined();
        await database.close();
        await expect(database.ping()).rejects.toThrow();
      } finally {
        await database.destroy();
      }
    },
  );
});
