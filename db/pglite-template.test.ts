import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from './client.ts';
import { ensurePgliteTemplate, pgliteTemplateFile } from './pglite-template.ts';

/** Whether the database has the marker table only the test's template holds. */
async function hasMarker(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<boolean> {
  const rows = (await db.execute(
    sql`select count(*)::int as n from pg_tables where tablename = 'template_marker'`,
  )) as unknown as { rows: { n: number }[] };
  return rows.rows[0]!.n === 1;
}

describe('the embedded database template (PGLITE_TEMPLATE)', () => {
  let folder: string;
  let marked: string;
  const before = process.env.PGLITE_TEMPLATE;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-pglite-template-'));
    // A template with a table no migration makes, to see which databases start from it.
    const client = await PGlite.create('memory://');
    await client.exec('create table template_marker (id int)');
    marked = join(folder, 'marked.tar');
    writeFileSync(marked, new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer()));
    await client.close();
  });

  afterEach(() => {
    if (before === undefined) delete process.env.PGLITE_TEMPLATE;
    else process.env.PGLITE_TEMPLATE = before;
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('starts a new database in memory or in a new folder from it, then migrates it', async () => {
    process.env.PGLITE_TEMPLATE = marked;
    const memory = await openDatabase({ dataDir: 'memory://' });
    const dir = join(folder, 'new-folder');
    const onDisk = await openDatabase({ dataDir: dir });
    try {
      for (const handle of [memory, onDisk]) {
        expect(await hasMarker(handle.db)).toBe(true);
        // Migrated as any database: the schema's tables are there too.
        const rows = (await handle.db.execute(
          sql`select count(*)::int as n from pg_tables where tablename = 'yjs_updates'`,
        )) as unknown as { rows: { n: number }[] };
        expect(rows.rows[0]!.n).toBe(1);
      }
    } finally {
      await memory.close();
      await onDisk.close();
    }
    // Reopened, the folder keeps its database (and is never loaded over).
    const again = await openDatabase({ dataDir: dir });
    try {
      await again.db.execute(sql`insert into template_marker values (1)`);
    } finally {
      await again.close();
    }
    const third = await openDatabase({ dataDir: dir });
    try {
      const rows = (await third.db.execute(
        sql`select count(*)::int as n from template_marker`,
      )) as unknown as { rows: { n: number }[] };
      expect(rows.rows[0]!.n).toBe(1);
    } finally {
      await third.close();
    }
  });

  it('leaves a database opened without migrations as initdb makes it, and an existing folder alone', async () => {
    process.env.PGLITE_TEMPLATE = marked;
    const bare = await openDatabase({ dataDir: 'memory://', migrate: false });
    try {
      expect(await hasMarker(bare.db)).toBe(false);
    } finally {
      await bare.close();
    }
    // Made from the suite's own template (no marker), then opened with the marked one.
    process.env.PGLITE_TEMPLATE = before ?? '';
    const dir = join(folder, 'made-before');
    const made = await openDatabase({ dataDir: dir });
    await made.close();
    process.env.PGLITE_TEMPLATE = marked;
    const reopened = await openDatabase({ dataDir: dir });
    try {
      expect(await hasMarker(reopened.db)).toBe(false);
    } finally {
      await reopened.close();
    }
  });

  it('builds one template per schema and PGlite version, and removes the older ones', async () => {
    const cache = join(folder, 'cache');
    const file = pgliteTemplateFile(cache, MIGRATIONS_FOLDER);
    expect(pgliteTemplateFile(cache, MIGRATIONS_FOLDER)).toBe(file);
    // Another schema names another template.
    const other = join(folder, 'other-migrations');
    mkdirSync(other);
    writeFileSync(join(other, '0000_other.sql'), 'create table other (id int);');
    expect(pgliteTemplateFile(cache, other)).not.toBe(file);
    mkdirSync(cache);
    writeFileSync(join(cache, 'pglite-0000000000000000.tar'), 'an older template');
    await ensurePgliteTemplate(file, MIGRATIONS_FOLDER);
    expect(readdirSync(cache)).toEqual([file.slice(cache.length + 1)]);
    process.env.PGLITE_TEMPLATE = file;
    const handle = await openDatabase({ dataDir: 'memory://' });
    try {
      const rows = (await handle.db.execute(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      )) as unknown as { rows: { n: number }[] };
      expect(rows.rows[0]!.n).toBeGreaterThan(10);
    } finally {
      await handle.close();
    }
    expect(existsSync(file)).toBe(true);
  });
});
