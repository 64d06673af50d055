import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import { queryRows } from './backup/rows.ts';
import * as schema from './schema/index.ts';

// The schema modules are what the code queries; db/migrations is what builds
// the database. A schema change without `npm run db:generate` (or a migration
// edited by hand) shows up here, not in production.

const tables = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => getTableConfig(table));

/** The type as Postgres names it: serials are integers with a default. */
function catalogType(sqlType: string): string {
  const type = sqlType.replace(' (', '(');
  return type === 'bigserial' ? 'bigint' : type === 'serial' ? 'integer' : type;
}

const DELETE_RULES: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

describe.each(databaseKinds())('the committed migrations, applied to %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('create exactly the tables and columns the schema declares, with their types and nullability', async () => {
    const columns = await queryRows<{
      table: string;
      column: string;
      type: string;
      notNull: boolean;
    }>(
      database.db,
      sql`select c.relname as "table", a.attname as "column",
            format_type(a.atttypid, a.atttypmod) as "type", a.attnotnull as "notNull"
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
          where n.nspname = 'public' and c.relkind = 'r'`,
    );
    const actual = columns
      .map((row) => `${row.table}.${row.column} ${row.type}${row.notNull ? ' not null' : ''}`)
      .sort();
    const declared = tables
      .flatMap((table) =>
        table.columns.map(
          (column) =>
            `${table.name}.${column.name} ${catalogType(column.getSQLType())}${column.notNull ? ' not null' : ''}`,
        ),
      )
      .sort();
    expect(declared.length).toBeGreaterThan(10);
    expect(actual).toEqual(declared);
  });

  it('create the foreign keys the schema declares, with their delete rules', async () => {
    const keys = await queryRows<{ child: string; columns: string; parent: string; rule: string }>(
      database.db,
      sql`select child.relname as "child", parent.relname as "parent", k.confdeltype as "rule",
            (select string_agg(a.attname, ',' order by a.attnum) from pg_attribute a
              where a.attrelid = k.conrelid and a.attnum = any(k.conkey)) as "columns"
          from pg_constraint k
          join pg_class child on child.oid = k.conrelid
          join pg_class parent on parent.oid = k.confrelid
          join pg_namespace n on n.oid = child.relnamespace
          where n.nspname = 'public' and k.contype = 'f'`,
    );
    const actual = keys
      .map(
        (key) => `${key.child}(${key.columns}) → ${key.parent} on delete ${DELETE_RULES[key.rule]}`,
      )
      .sort();
    const declared = tables
      .flatMap((table) =>
        table.foreignKeys.map((key) => {
          const reference = key.reference();
          const parent = getTableConfig(reference.foreignTable).name;
          const columns = reference.columns.map((column) => column.name).join(',');
          return `${table.name}(${columns}) → ${parent} on delete ${key.onDelete ?? 'no action'}`;
        }),
      )
      .sort();
    expect(declared.length).toBeGreaterThan(10);
    expect(actual).toEqual(declared);
  });

  it('create the indexes the schema declares, unique where it says so', async () => {
    const indexes = await queryRows<{ name: string; unique: boolean }>(
      database.db,
      sql`select c.relname as "name", i.indisunique as "unique"
          from pg_index i
          join pg_class c on c.oid = i.indexrelid
          join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public'
            and not i.indisprimary
            and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    );
    const actual = indexes.map((index) => `${index.name}${index.unique ? ' unique' : ''}`).sort();
    const declared = tables
      .flatMap((table) =>
        table.indexes.map((index) => `${index.config.name}${index.config.unique ? ' unique' : ''}`),
      )
      .sort();
    expect(declared.length).toBeGreaterThan(10);
    expect(actual).toEqual(declared);
  });
});
