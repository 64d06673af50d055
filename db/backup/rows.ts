import type { SQL } from 'drizzle-orm';
import type { Database } from '../client.ts';

/** Anything that runs SQL: a database or a transaction. */
export type Executor = Pick<Database, 'execute'>;

/**
 * Runs a statement and returns its rows: postgres.js answers with an array,
 * PGlite with `{ rows }`.
 */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
