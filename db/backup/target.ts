import { sql } from 'drizzle-orm';
import type { CatalogTable } from './catalog.ts';
import { BackupError } from './errors.ts';
import type { BackupHeader, MigrationMark } from './format.ts';
import { describeMark } from './migration-mark.ts';
import { type Executor, queryRows, quoteIdent } from './rows.ts';

/** Refuses a database in which any table of the `public` schema holds a row. */
export async function refuseNonEmpty(
  db: Executor,
  tables: CatalogTable[],
  location: string,
): Promise<void> {
  if (tables.length === 0) return;
  const probe = tables
    .map(
      (table) =>
        `select ${quoteLiteral(table.name)} as "table" where exists (select 1 from ${quoteIdent(table.name)})`,
    )
    .join(' union all ');
  const filled = await queryRows<{ table: string }>(db, sql.raw(probe));
  if (filled.length > 0) {
    const names = filled.map((row) => row.table).sort();
    throw new BackupError(
      'RESTORE_TARGET_NOT_EMPTY',
      `${location} already holds data (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}); ` +
        'a backup restores only into an empty database: create a new database or point PGLITE_DIR at an empty folder.',
    );
  }
}

/** Refuses a backup taken at another migration than the database's. */
export function refuseOtherMigration(
  file: string,
  backup: MigrationMark,
  database: MigrationMark,
): void {
  if (backup.when > database.when) {
    throw new BackupError(
      'BACKUP_SCHEMA_NEWER',
      `${file} was taken at migration ${describeMark(backup)}, newer than this database's ${describeMark(database)}: ` +
        'restore it with the Tandem release that wrote it or a later one.',
    );
  }
  if (backup.when < database.when) {
    throw new BackupError(
      'BACKUP_SCHEMA_OLDER',
      `${file} was taken at migration ${describeMark(backup)}, older than this database's ${describeMark(database)}: ` +
        'restore it into an empty database with the Tandem release of that migration, then start this release to migrate it.',
    );
  }
  if (backup.hash !== database.hash) {
    throw new BackupError(
      'BACKUP_SCHEMA_MISMATCH',
      `${file} was taken at migration ${describeMark(backup)}, but its SQL differs from this database's migration of the same name: the migration was edited after release.`,
    );
  }
}

/** How one table of the backup is written into the database. */
export interface TablePlan {
  name: string;
  columns: number;
  /** `insert … select … from json_array_elements(` — the batch's JSON follows. */
  insertPrefix: string;
}

/**
 * Matches the backup's tables and columns to the database's by name (never
 * putting a name from the file into SQL: the statements use the database's
 * own names and types), in the backup's order.
 */
export function planTables(
  file: string,
  header: BackupHeader,
  catalog: CatalogTable[],
): TablePlan[] {
  const byName = new Map(catalog.map((table) => [table.name, table]));
  const problems: string[] = [];
  const plans: TablePlan[] = [];
  for (const table of header.tables) {
    const target = byName.get(table.name);
    byName.delete(table.name);
    if (!target) {
      problems.push(`table ${table.name} is not in the database`);
      continue;
    }
    const columns = table.columns.map((column) => {
      const match = target.columns.find((candidate) => candidate.name === column.name);
      if (!match) problems.push(`column ${table.name}.${column.name} is not in the database`);
      else if (match.type !== column.type) {
        problems.push(`column ${table.name}.${column.name} is ${column.type}, not ${match.type}`);
      }
      return match;
    });
    for (const column of target.columns) {
      if (!table.columns.some((candidate) => candidate.name === column.name)) {
        problems.push(`column ${table.name}.${column.name} is not in the backup`);
      }
    }
    if (columns.some((column) => !column)) continue;
    const names = columns.map((column) => quoteIdent(column!.name)).join(', ');
    const values = columns.map((column, i) => `(r->>${i})::${column!.type}`).join(', ');
    plans.push({
      name: target.name,
      columns: columns.length,
      insertPrefix: `insert into ${quoteIdent(target.name)} (${names}) select ${values} from json_array_elements(`,
    });
  }
  for (const name of byName.keys()) problems.push(`table ${name} is not in the backup`);
  if (problems.length > 0) {
    throw new BackupError(
      'BACKUP_SCHEMA_MISMATCH',
      `${file} does not match this database although both are at migration ${header.migration.tag ?? header.migration.when}: ${problems.slice(0, 5).join('; ')}.`,
    );
  }
  return plans;
}

/** Moves every bigserial's sequence past the restored ids, so new rows do not collide. */
export async function resetSequences(db: Executor, tables: CatalogTable[]): Promise<void> {
  for (const table of tables) {
    for (const { column, sequence } of table.serialColumns) {
      await db.execute(
        sql`select setval(${sequence}::regclass, coalesce(max(${sql.raw(quoteIdent(column))}), 0) + 1, false) from ${sql.raw(quoteIdent(table.name))}`,
      );
    }
  }
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
