import { sql } from 'drizzle-orm';
import { type DatabaseHandle, migrateDatabase } from '../client.ts';
import { readCatalog } from './catalog.ts';
import { BackupError } from './errors.ts';
import { TEXT_FORM_SETTINGS } from './format.ts';
import { describeMark, readMigrationMark } from './migration-mark.ts';
import { type BackupReader, corrupt, openBackup } from './reader.ts';
import type { Executor } from './rows.ts';
import {
  planTables,
  refuseNonEmpty,
  refuseOtherMigration,
  resetSequences,
  type TablePlan,
} from './target.ts';

export interface RestoreOptions {
  /** Called after each table, for progress output. */
  onTable?: (table: string, rows: number) => void;
}

export interface RestoreSummary {
  migration: string;
  tables: number;
  rows: number;
}

// Rows go in as one JSON array per statement: bounded so neither engine holds
// more than a few megabytes of one batch.
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Restores a backup into an empty database of either engine (decision 010).
 * It refuses, changing nothing, a database that holds any row and a backup of
 * another migration; the rows go in in one transaction, so a file found
 * damaged halfway leaves the database as empty as it was.
 */
export async function restoreBackup(
  handle: DatabaseHandle,
  file: string,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  const reader = await openBackup(file);
  try {
    // Before migrating: a database that holds data is not touched at all.
    await refuseNonEmpty(handle.db, await readCatalog(handle.db), handle.location);
    await migrateDatabase(handle);
    const migration = (await readMigrationMark(handle.db))!;
    refuseOtherMigration(file, reader.header.migration, migration);
    const catalog = await readCatalog(handle.db);
    const plans = planTables(file, reader.header, catalog);
    const rows = await handle.db.transaction(async (tx) => {
      for (const setting of TEXT_FORM_SETTINGS) await tx.execute(sql.raw(setting));
      // Again inside the transaction: someone may have written since the first look.
      await refuseNonEmpty(tx, catalog, handle.location);
      const total = await copyIn(tx, file, reader, plans, options);
      await resetSequences(tx, catalog);
      return total;
    });
    return { migration: describeMark(migration), tables: plans.length, rows };
  } finally {
    await reader.close();
  }
}

/** Reads the records after the header and inserts each table's rows, checking every count. */
async function copyIn(
  tx: Executor,
  file: string,
  reader: BackupReader,
  plans: TablePlan[],
  options: RestoreOptions,
): Promise<number> {
  let line = 1;
  const next = async () => {
    const result = await reader.records.next();
    line += 1;
    if (result.done) {
      throw new BackupError(
        'BACKUP_TRUNCATED',
        `${file} ends after line ${line - 1}, before its last table: it is incomplete. Nothing was restored.`,
      );
    }
    return result.value;
  };
  let total = 0;
  for (const plan of plans) {
    const start = await next();
    if (start.kind !== 'start' || start.start.table !== plan.name) {
      throw corrupt(file, line, `table ${plan.name} should start here`);
    }
    let batch: string[] = [];
    let bytes = 0;
    let rows = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const payload = `[${batch.join(',')}]`;
      batch = [];
      bytes = 0;
      try {
        await tx.execute(sql`${sql.raw(plan.insertPrefix)}${payload}::json) as r`);
      } catch (error) {
        throw new BackupError(
          'RESTORE_FAILED',
          `Restoring table ${plan.name} failed near line ${line}: ${(error as Error).message}. Nothing was restored.`,
          { cause: error },
        );
      }
    };
    for (;;) {
      const record = await next();
      if (record.kind === 'row') {
        if (record.values !== plan.columns) {
          throw corrupt(
            file,
            line,
            `a row of ${plan.name} has ${record.values} values, not ${plan.columns}`,
          );
        }
        batch.push(record.line);
        bytes += record.line.length;
        rows += 1;
        if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
        continue;
      }
      if (record.kind !== 'end' || record.end.end !== plan.name || record.end.rows !== rows) {
        throw corrupt(file, line, `table ${plan.name} should end here after ${rows} rows`);
      }
      break;
    }
    await flush();
    options.onTable?.(plan.name, rows);
    total += rows;
  }
  const trailer = await next();
  if (
    trailer.kind !== 'trailer' ||
    trailer.trailer.tables !== plans.length ||
    trailer.trailer.rows !== total
  ) {
    throw corrupt(
      file,
      line,
      `the file should end here with ${plans.length} tables and ${total} rows`,
    );
  }
  // Read to the very end: gzip checks its checksum only there.
  if (!(await reader.records.next()).done) throw corrupt(file, line + 1, 'lines follow the end');
  return total;
}
