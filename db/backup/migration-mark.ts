import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER } from '../client.ts';
import type { MigrationMark } from './format.ts';
import { type Executor, queryRows } from './rows.ts';

/**
 * The last migration applied to the database, from drizzle's own record
 * (`drizzle.__drizzle_migrations`); null when the database was never migrated.
 */
export async function readMigrationMark(db: Executor): Promise<MigrationMark | null> {
  const [exists] = await queryRows<{ found: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as "found"`,
  );
  if (!exists?.found) return null;
  const [last] = await queryRows<{ hash: string; created_at: string | number }>(
    db,
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  if (!last) return null;
  // postgres.js reads bigint as a string, PGlite as a number.
  const when = Number(last.created_at);
  return { tag: migrationTag(when), when, hash: last.hash };
}

function readJournal() {
  return JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number; tag: string }>;
  };
}

/** The name of the committed migration with this `when`, or null when this checkout lacks it. */
export function migrationTag(when: number): string | null {
  return readJournal().entries.find((entry) => entry.when === when)?.tag ?? null;
}

/** The name of the newest committed migration (what a migrated database is at). */
export function latestMigrationTag(): string {
  return readJournal().entries.at(-1)!.tag;
}

/** How a migration is named in messages. */
export function describeMark(mark: MigrationMark): string {
  return mark.tag ?? `an unknown migration of ${new Date(mark.when).toISOString()}`;
}
