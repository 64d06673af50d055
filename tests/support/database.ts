import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type DatabaseHandle, type DatabaseKind, openDatabase } from '../../db/client.ts';

/**
 * Where database tests run: always on PGlite (in memory), and on real Postgres
 * too when TEST_DATABASE_URL is set (CI sets it).
 */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase extends DatabaseHandle {
  /** postgres:// URL of the test database (postgres only). */
  url: string | undefined;
  /** Closes and, on Postgres, drops the database. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database of the given kind. On Postgres each call creates
 * its own database with a unique name and drops it afterwards, so reruns and
 * parallel test files never see each other's rows.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ dataDir: 'memory://' });
    return { ...handle, url: undefined, destroy: () => handle.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `tandem_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections: 5 });
  return {
    ...handle,
    url: url.toString(),
    destroy: async () => {
      await handle.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
