import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { withMigrationLock } from './migration-lock.ts';
import { PGLITE_BYTEA } from './pglite-bytea.ts';
import { lockPgliteFolder } from './pglite-lock.ts';
import { readPgliteTemplate } from './pglite-template.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The database every process uses: same schema and queries on PGlite and Postgres. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Where it lives, for logs: a folder, `memory://` or host:port/database. */
  location: string;
  /** Runs `select 1`; throws when the database is unreachable. */
  ping(): Promise<void>;
  /**
   * Postgres only: runs several `;`-separated statements (no parameters) as
   * one simple query, which Postgres runs as one implicit transaction, each
   * statement with a fresh snapshot; returns the rows of the last one. No
   * client-side begin/rollback: postgres.js' `begin()` writes a `rollback` to
   * a connection that has just died and throws from a timer, which ends the
   * process (decision 017); here a dead connection just fails the query.
   * Runs on the writer connection (see `prepared`).
   */
  script?(text: string): Promise<Record<string, unknown>[]>;
  /**
   * Postgres only: runs one statement with parameters as a named prepared
   * statement (parsed and planned once per connection; drizzle's `execute`
   * parses every time); returns its rows. Runs on the writer connection: one
   * connection of its own (opened on first use, reopened after a failure)
   * for a process' stream of small writes (the history log's appends, the
   * document stores). The pool hands each query to its least recently used
   * connection, so the same statement was prepared, planned and its function
   * compiled on every one of ten backends, each of them cold (decision 020).
   */
  prepared?(text: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite folder, or `memory://` for an in-memory database. */
  dataDir?: string;
  /** Apply migrations after opening (default true). */
  migrate?: boolean;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export type DatabaseErrorCode =
  | 'DATABASE_UNREACHABLE'
  | 'DATABASE_MIGRATION_FAILED'
  | 'DATABASE_IN_USE';

/** The database cannot be used; the message says what to check. */
export class DatabaseError extends Error {
  readonly code: DatabaseErrorCode;
  constructor(code: DatabaseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
    this.code = code;
  }
}

export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
export const DEFAULT_PGLITE_DIR = '.data/pglite';

/**
 * Opens the one database of a process: postgres.js when a URL is given,
 * otherwise PGlite in a folder (embedded default) — and migrates it.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const handle = options.url
    ? await openPostgres(options.url, options.maxConnections ?? 10)
    : await openPglite(options.dataDir ?? DEFAULT_PGLITE_DIR, options.migrate !== false);
  if (options.migrate !== false) {
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await handle.close().catch(() => {});
      if (error instanceof DatabaseError) throw error;
      throw new DatabaseError(
        'DATABASE_MIGRATION_FAILED',
        `Migrating ${handle.location} failed: ${describeCause(error)}`,
        { cause: error },
      );
    }
  }
  return handle;
}

/** Applies the committed migrations in db/migrations. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    // biome-ignore lint/suspicious/noExplicitAny: the two migrators take their own driver types
    await migratePglite(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const client = postgresClients.get(handle.db);
    // Every service migrates at start: one at a time (db/migration-lock.ts).
    const migrate = () =>
      // biome-ignore lint/suspicious/noExplicitAny: see above
      migratePostgres(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
    await (client ? withMigrationLock(client, migrate) : migrate());
  }
}

/** The postgres.js client behind each Postgres handle's `db` (handles get copied), for the migration lock. */
const postgresClients = new WeakMap<Database, postgres.Sql>();

/** The postgres.js client behind `db`, or undefined on PGlite (advisory locks need a reserved connection). */
export function postgresClientOf(db: Database): postgres.Sql | undefined {
  return postgresClients.get(db);
}

/**
 * A new embedded database that will be migrated starts from `PGLITE_TEMPLATE`
 * when it is set: a dump of an empty migrated database (db/pglite-template.ts;
 * the test suite sets it). PGlite's own start of a new database runs initdb,
 * seconds of CPU; loading the dump takes under one.
 */
function templateFor(dataDir: string, memory: boolean, migrate: boolean): Blob | undefined {
  const file = process.env.PGLITE_TEMPLATE;
  if (!file || !migrate) return undefined;
  if (!memory && existsSync(join(resolve(dataDir), 'PG_VERSION'))) return undefined;
  return readPgliteTemplate(file);
}

async function openPglite(dataDir: string, migrate: boolean): Promise<DatabaseHandle> {
  const memory = dataDir.startsWith('memory://');
  if (!memory) mkdirSync(resolve(dataDir), { recursive: true });
  let unlock = () => {};
  if (!memory) {
    try {
      unlock = lockPgliteFolder(resolve(dataDir));
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'DATABASE_IN_USE') throw error;
      throw new DatabaseError('DATABASE_IN_USE', (error as Error).message, { cause: error });
    }
  }
  let client: PGlite;
  try {
    const loadDataDir = templateFor(dataDir, memory, migrate);
    client = await PGlite.create(memory ? dataDir : resolve(dataDir), {
      ...PGLITE_BYTEA,
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    location: memory ? dataDir : resolve(dataDir),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      if (!client.closed) await client.close();
      unlock();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const parsed = new URL(url);
  const location = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  const options = { onnotice: () => {}, connect_timeout: 5 };
  const client = postgres(url, { ...options, max });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;
  // Connects on its first query only: processes that never write through it
  // hold no extra connection.
  const writer = postgres(url, { ...options, max: 1 });
  const handle: DatabaseHandle = {
    db,
    kind: 'postgres',
    location,
    ping: async () => {
      await client`select 1`;
    },
    script: async (text) => {
      const results = (await writer.unsafe(text)) as unknown as Record<string, unknown>[][];
      // One statement gives its rows; several give one array of rows each.
      const last = results.length > 0 && Array.isArray(results[0]) ? results.at(-1) : results;
      return (last ?? []) as Record<string, unknown>[];
    },
    prepared: async (text, params) =>
      (await writer.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      })) as unknown as Record<string, unknown>[],
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), writer.end({ timeout: 5 })]);
    },
  };
  postgresClients.set(db, client);
  try {
    await handle.ping();
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    await writer.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseError(
      'DATABASE_UNREACHABLE',
      `Cannot reach Postgres at ${location} (DATABASE_URL): ${describeCause(error)}. ` +
        'Check that the server is running and the URL is right, or unset DATABASE_URL to use the embedded database.',
      { cause: error },
    );
  }
  return handle;
}

function describeCause(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return describeCause(error.errors[0]);
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${code} ${error.message}`
      : error.message;
  }
  return String(error);
}
