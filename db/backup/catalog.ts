import { sql } from 'drizzle-orm';
import { BackupError } from './errors.ts';
import type { BackupTable } from './format.ts';
import { type Executor, queryRows } from './rows.ts';

/** A table of the `public` schema as the backup reads and the restore writes it. */
export interface CatalogTable extends BackupTable {
  /** Primary key columns in key order: rows are written in this order. */
  primaryKey: string[];
  /** Tables this one references (its foreign keys' targets), without itself. */
  references: string[];
  /** Columns filled from a sequence (bigserial), which a restore must move past. */
  serialColumns: Array<{ column: string; sequence: string }>;
}

/**
 * Reads every ordinary table of the `public` schema with its columns, primary
 * key, references and sequences, ordered parents before children. Generated
 * columns are left out: they cannot be inserted and are computed again.
 */
export async function readCatalog(db: Executor): Promise<CatalogTable[]> {
  const columns = await queryRows<{ table: string; column: string; type: string }>(
    db,
    sql`select c.relname as "table", a.attname as "column",
          format_type(a.atttypid, a.atttypmod) as "type"
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attgenerated = ''
        order by c.relname, a.attnum`,
  );
  const keys = await queryRows<{ table: string; column: string }>(
    db,
    sql`select c.relname as "table", a.attname as "column"
        from pg_index i
        join pg_class c on c.oid = i.indrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey::int2[])
        where n.nspname = 'public' and i.indisprimary
        order by c.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  const references = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select child.relname as "child", parent.relname as "parent"
        from pg_constraint k
        join pg_class child on child.oid = k.conrelid
        join pg_class parent on parent.oid = k.confrelid
        join pg_namespace n on n.oid = child.relnamespace
        where n.nspname = 'public' and k.contype = 'f'`,
  );
  const serials = await queryRows<{ table: string; column: string; sequence: string }>(
    db,
    sql`select t.relname as "table", a.attname as "column", s.oid::regclass::text as "sequence"
        from pg_class s
        join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass
          and d.deptype in ('a', 'i')
        join pg_class t on t.oid = d.refobjid
        join pg_namespace n on n.oid = t.relnamespace
        join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
        where s.relkind = 'S' and n.nspname = 'public'`,
  );

  const tables = new Map<string, CatalogTable>();
  for (const row of columns) {
    let table = tables.get(row.table);
    if (!table) {
      table = { name: row.table, columns: [], primaryKey: [], references: [], serialColumns: [] };
      tables.set(row.table, table);
    }
    table.columns.push({ name: row.column, type: row.type });
  }
  for (const row of keys) tables.get(row.table)?.primaryKey.push(row.column);
  for (const row of serials) {
    tables.get(row.table)?.serialColumns.push({ column: row.column, sequence: row.sequence });
  }
  for (const { child, parent } of references) {
    const table = tables.get(child);
    if (!table || !tables.has(parent)) continue;
    if (child === parent) {
      // Rows of a self-referencing table would need ordering by the reference
      // itself; no Tandem table has one, so refuse rather than write a backup
      // that cannot be restored.
      throw new BackupError(
        'BACKUP_UNSUPPORTED_SCHEMA',
        `Table ${child} references itself; backups cannot order its rows yet (see docs/decisions/010-backups.md).`,
      );
    }
    if (!table.references.includes(parent)) table.references.push(parent);
  }
  return parentsFirst([...tables.values()]);
}

/** Orders tables so each comes after every table it references (name order among equals). */
export function parentsFirst<T extends { name: string; references: string[] }>(tables: T[]): T[] {
  const remaining = new Map(tables.map((table) => [table.name, table]));
  const ordered: T[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.values()]
      .filter((table) => table.references.every((parent) => !remaining.has(parent)))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (ready.length === 0) {
      throw new BackupError(
        'BACKUP_UNSUPPORTED_SCHEMA',
        `Tables ${[...remaining.keys()].join(', ')} reference each other in a cycle; backups cannot order them.`,
      );
    }
    for (const table of ready) {
      ordered.push(table);
      remaining.delete(table.name);
    }
  }
  return ordered;
}
