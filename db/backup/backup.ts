import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../client.ts';
import { type CatalogTable, readCatalog } from './catalog.ts';
import { BackupError } from './errors.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupHeader,
  type TableEnd,
  type TableStart,
  TEXT_FORM_SETTINGS,
  type Trailer,
} from './format.ts';
import { describeMark, readMigrationMark } from './migration-mark.ts';
import { type Executor, queryRows, quoteIdent } from './rows.ts';

export interface BackupOptions {
  /** File to write; it must not exist. */
  out: string;
  /** Called after each table, for progress output. */
  onTable?: (table: string, rows: number) => void;
}

export interface BackupSummary {
  file: string;
  migration: string;
  tables: number;
  rows: number;
}

/**
 * Writes a logical backup of every table to a gzip file (decision 010): one
 * consistent snapshot (a read-only REPEATABLE READ transaction), read through
 * a cursor a batch at a time, so the database never has to fit in memory. The
 * file appears under its name only once it is complete.
 */
export async function backupDatabase(
  handle: DatabaseHandle,
  options: BackupOptions,
): Promise<BackupSummary> {
  const partial = `${options.out}.partial`;
  const gzip = createGzip();
  if (existsSync(options.out)) {
    throw new BackupError(
      'BACKUP_OUTPUT_EXISTS',
      `${options.out} already exists; choose another file with --out or move it away.`,
    );
  }
  const file = createWriteStream(partial);
  let writeError: Error | undefined;
  file.on('error', (error) => {
    writeError ??= error;
  });
  const written = pipeline(gzip, file);
  // Awaited after the snapshot is read; until then a failure is only noted.
  written.catch(() => {});
  const writeText = async (text: string) => {
    if (writeError) throw writeError;
    if (!gzip.write(`${text}\n`)) await once(gzip, 'drain');
  };
  const writeJson = (value: unknown) => writeText(JSON.stringify(value));

  try {
    const summary = await handle.db.transaction(
      async (tx) => {
        for (const setting of TEXT_FORM_SETTINGS) await tx.execute(sql.raw(setting));
        const migration = await readMigrationMark(tx);
        if (!migration) {
          throw new BackupError(
            'BACKUP_UNSUPPORTED_SCHEMA',
            `${handle.location} has never been migrated: there is no Tandem database to back up.`,
          );
        }
        const tables = await readCatalog(tx);
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          engine: handle.kind,
          migration,
          tables: tables.map(({ name, columns }) => ({ name, columns })),
        };
        await writeJson(header);
        let total = 0;
        for (const table of tables) {
          await writeJson({ table: table.name } satisfies TableStart);
          const rows = await copyRows(tx, table, writeText);
          await writeJson({ end: table.name, rows } satisfies TableEnd);
          options.onTable?.(table.name, rows);
          total += rows;
        }
        await writeJson({ complete: true, tables: tables.length, rows: total } satisfies Trailer);
        return { migration: describeMark(migration), tables: tables.length, rows: total };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    gzip.end();
    await written;
    await rename(partial, options.out);
    return { file: options.out, ...summary };
  } catch (error) {
    // Tearing the streams down below errors them too: keep what failed before.
    const failedWrite = writeError;
    gzip.destroy();
    await written.catch(() => {});
    await rm(partial, { force: true });
    if (failedWrite) {
      throw new BackupError(
        'BACKUP_WRITE_FAILED',
        `Writing ${partial} failed (${failedWrite.message}); check that its folder exists and has room.`,
        { cause: failedWrite },
      );
    }
    throw error;
  }
}

const FIRST_FETCH = 20;
const MAX_FETCH = 5000;
const FETCH_BYTES = 4 * 1024 * 1024;

/**
 * Streams one table's rows in primary-key order, each as a JSON array of its
 * columns' text forms (null for NULL): Postgres' own output functions, which
 * its input functions read back exactly — bytea as hex, jsonb as written,
 * bigint without a trip through a JS number.
 */
async function copyRows(
  tx: Executor,
  table: CatalogTable,
  write: (lines: string) => Promise<void>,
): Promise<number> {
  const values = table.columns.map((column) => `${quoteIdent(column.name)}::text`).join(', ');
  const order = table.primaryKey.length
    ? ` order by ${table.primaryKey.map(quoteIdent).join(', ')}`
    : '';
  await tx.execute(
    sql.raw(
      `declare tandem_backup no scroll cursor for select array_to_json(array[${values}]::text[])::text as line from ${quoteIdent(table.name)}${order}`,
    ),
  );
  let count = 0;
  let batch = FIRST_FETCH;
  for (;;) {
    const rows = await queryRows<{ line: string }>(
      tx,
      sql.raw(`fetch ${batch} from tandem_backup`),
    );
    if (rows.length === 0) break;
    const text = rows.map((row) => row.line).join('\n');
    await write(text);
    count += rows.length;
    if (rows.length < batch) break;
    // A Yjs state can be megabytes, a log row a few dozen bytes: size each
    // fetch from the rows just read so one holds about FETCH_BYTES.
    batch = Math.max(1, Math.min(MAX_FETCH, Math.round((batch * FETCH_BYTES) / text.length)));
  }
  await tx.execute(sql.raw('close tandem_backup'));
  return count;
}
