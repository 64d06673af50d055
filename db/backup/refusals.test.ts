import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../tests/support/database.ts';
import { openDatabase } from '../client.ts';
import { seedDemo } from '../seed/demo.ts';
import { seedScale } from '../seed/scale.ts';
import { backupDatabase } from './backup.ts';
import { readCatalog } from './catalog.ts';
import { BackupError, type BackupErrorCode } from './errors.ts';
import type { BackupHeader } from './format.ts';
import { latestMigrationTag } from './migration-mark.ts';
import { restoreBackup } from './restore.ts';
import { type Executor, queryRows, quoteIdent } from './rows.ts';
import { readBackupLines, rewriteBackup } from './testing/backup-files.ts';

const SECRET = 'backup-refusal-test-secret-0123456789abcdef';

let folder: string;
let good: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tandem-backup-refusals-'));
  const source = await openDatabase({ dataDir: 'memory://' });
  await seedDemo(source.db, SECRET);
  // Big enough that restoring reads and inserts many rows before the file's end.
  await seedScale(source.db, { candidates: 1500, assessments: 5 });
  good = join(folder, 'good.ndjson.gz');
  await backupDatabase(source, { out: good });
  await source.close();
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Every table's rows, to show a refused restore changed nothing. */
async function everything(db: Executor): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of await readCatalog(db)) {
    const rows = await queryRows<{ line: string }>(
      db,
      sql.raw(`select t::text as line from ${quoteIdent(table.name)} t order by 1`),
    );
    result[table.name] = rows.map((row) => row.line);
  }
  return result;
}

async function rowCount(db: Executor): Promise<number> {
  const tables = Object.values(await everything(db));
  return tables.reduce((sum, rows) => sum + rows.length, 0);
}

async function refusal(promise: Promise<unknown>): Promise<BackupErrorCode> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BackupError);
  expect((error as BackupError).message.length).toBeGreaterThan(20);
  return (error as BackupError).code;
}

/** A copy of the good backup changed by `edit`. */
function variant(name: string, edit: (lines: string[]) => string[]): string {
  const file = join(folder, name);
  rewriteBackup(good, file, edit);
  return file;
}

function editHeader(lines: string[], change: (header: BackupHeader) => void): string[] {
  const header = JSON.parse(lines[0]!) as BackupHeader;
  change(header);
  return [JSON.stringify(header), ...lines.slice(1)];
}

// Several cases open databases of their own, which takes seconds on a busy machine.
describe.each(databaseKinds())('restoring into %s', { timeout: 120_000 }, (kind) => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await empty?.destroy();
  });

  it('refuses a database that holds data, and changes nothing in it', async () => {
    const filled = await createTestDatabase(kind);
    try {
      await seedDemo(filled.db, SECRET);
      const before = await everything(filled.db);
      expect(await refusal(restoreBackup(filled, good))).toBe('RESTORE_TARGET_NOT_EMPTY');
      expect(await everything(filled.db)).toEqual(before);
    } finally {
      await filled.destroy();
    }
  });

  it('refuses a file cut short, and the database stays empty', async () => {
    const bytes = readFileSync(good);
    const cut = join(folder, `cut-${kind}.ndjson.gz`);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(await refusal(restoreBackup(empty, cut))).toBe('BACKUP_TRUNCATED');
    const early = variant(`no-trailer-${kind}.ndjson.gz`, (lines) => lines.slice(0, -1));
    expect(await refusal(restoreBackup(empty, early))).toBe('BACKUP_TRUNCATED');
    expect(await rowCount(empty.db)).toBe(0);
  });

  it('rolls every row back when the checksum at the very end is wrong', async () => {
    const bytes = Buffer.from(readFileSync(good));
    // The gzip trailer's CRC-32: only reading past the last row finds it wrong.
    bytes[bytes.length - 8] = bytes[bytes.length - 8]! ^ 0xff;
    const damaged = join(folder, `crc-${kind}.ndjson.gz`);
    writeFileSync(damaged, bytes);
    const restored: string[] = [];
    const restoring = restoreBackup(empty, damaged, { onTable: (table) => restored.push(table) });
    expect(await refusal(restoring)).toBe('BACKUP_CORRUPT');
    // Rows went in before the end was read, and came out again.
    expect(restored).toContain('candidates');
    expect(await rowCount(empty.db)).toBe(0);
  });

  it('refuses rows that do not add up, and the database stays empty', async () => {
    const missingRow = variant(`missing-row-${kind}.ndjson.gz`, (lines) => {
      const row = lines.findIndex((line) => line.startsWith('['));
      return lines.filter((_, i) => i !== row);
    });
    expect(await refusal(restoreBackup(empty, missingRow))).toBe('BACKUP_CORRUPT');
    const shortRow = variant(`short-row-${kind}.ndjson.gz`, (lines) =>
      lines.map((line) => (line.startsWith('[') ? '["only one value"]' : line)),
    );
    expect(await refusal(restoreBackup(empty, shortRow))).toBe('BACKUP_CORRUPT');
    const garbage = variant(`garbage-${kind}.ndjson.gz`, (lines) => [
      ...lines.slice(0, 3),
      '{"neither": "row nor marker"}',
      ...lines.slice(3),
    ]);
    expect(await refusal(restoreBackup(empty, garbage))).toBe('BACKUP_CORRUPT');
    const badValue = variant(`bad-value-${kind}.ndjson.gz`, (lines) => {
      const users = lines.indexOf('{"table":"users"}');
      const row = JSON.parse(lines[users + 1]!);
      row[3] = 'not a boolean';
      return lines.map((line, i) => (i === users + 1 ? JSON.stringify(row) : line));
    });
    expect(await refusal(restoreBackup(empty, badValue))).toBe('RESTORE_FAILED');
    expect(await rowCount(empty.db)).toBe(0);
  });

  it('refuses a backup of another migration, naming which way to go', async () => {
    const newer = variant(`newer-${kind}.ndjson.gz`, (lines) =>
      editHeader(lines, (header) => {
        header.migration = { tag: null, when: header.migration.when + 1, hash: 'next' };
      }),
    );
    expect(await refusal(restoreBackup(empty, newer))).toBe('BACKUP_SCHEMA_NEWER');
    const older = variant(`older-${kind}.ndjson.gz`, (lines) =>
      editHeader(lines, (header) => {
        header.migration = { tag: null, when: header.migration.when - 1, hash: 'previous' };
      }),
    );
    expect(await refusal(restoreBackup(empty, older))).toBe('BACKUP_SCHEMA_OLDER');
    const edited = variant(`edited-${kind}.ndjson.gz`, (lines) =>
      editHeader(lines, (header) => {
        header.migration.hash = 'edited after release';
      }),
    );
    expect(await refusal(restoreBackup(empty, edited))).toBe('BACKUP_SCHEMA_MISMATCH');
    const otherColumns = variant(`columns-${kind}.ndjson.gz`, (lines) =>
      editHeader(lines, (header) => {
        header.tables[0]!.columns.push({ name: 'added_later', type: 'text' });
      }),
    );
    expect(await refusal(restoreBackup(empty, otherColumns))).toBe('BACKUP_SCHEMA_MISMATCH');
    expect(await rowCount(empty.db)).toBe(0);
  });

  it('restores the good backup into the database the refusals left empty', async () => {
    const summary = await restoreBackup(empty, good);
    expect(summary.rows).toBe(readBackupLines(good).filter((line) => line.startsWith('[')).length);
    expect(await rowCount(empty.db)).toBe(summary.rows);
  });
});

describe('files that are not backups this Tandem reads', () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await empty?.destroy();
  });

  it('names a missing file, a file of another kind and a version it does not read', async () => {
    expect(await refusal(restoreBackup(empty, join(folder, 'nowhere.gz')))).toBe(
      'BACKUP_FILE_NOT_FOUND',
    );
    const text = join(folder, 'notes.txt');
    writeFileSync(text, 'just some notes\n');
    expect(await refusal(restoreBackup(empty, text))).toBe('BACKUP_NOT_A_BACKUP');
    const otherJson = join(folder, 'other.json.gz');
    writeFileSync(otherJson, gzipSync('{"format":"something-else"}\n'));
    expect(await refusal(restoreBackup(empty, otherJson))).toBe('BACKUP_NOT_A_BACKUP');
    const future = variant('future.ndjson.gz', (lines) =>
      editHeader(lines, (header) => {
        header.version = 2;
      }),
    );
    expect(await refusal(restoreBackup(empty, future))).toBe('BACKUP_UNSUPPORTED_VERSION');
    expect(await rowCount(empty.db)).toBe(0);
  });
});

describe('writing a backup', { timeout: 120_000 }, () => {
  it('never overwrites a file, names a folder it cannot write to, and leaves nothing behind when it fails', async () => {
    const source = await openDatabase({ dataDir: 'memory://' });
    try {
      const existing = join(folder, 'existing.ndjson.gz');
      writeFileSync(existing, 'keep me');
      expect(await refusal(backupDatabase(source, { out: existing }))).toBe('BACKUP_OUTPUT_EXISTS');
      expect(readFileSync(existing, 'utf8')).toBe('keep me');
    } finally {
      await source.close();
    }
    const seeded = await openDatabase({ dataDir: 'memory://' });
    try {
      const out = join(folder, 'no-such-folder', 'backup.ndjson.gz');
      expect(await refusal(backupDatabase(seeded, { out }))).toBe('BACKUP_WRITE_FAILED');
    } finally {
      await seeded.close();
    }
    const unmigrated = await openDatabase({ dataDir: 'memory://', migrate: false });
    try {
      const out = join(folder, 'unmigrated.ndjson.gz');
      expect(await refusal(backupDatabase(unmigrated, { out }))).toBe('BACKUP_UNSUPPORTED_SCHEMA');
      expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    } finally {
      await unmigrated.close();
    }
  });

  it('restores into a database that was never migrated by migrating it first', async () => {
    const fresh = await openDatabase({ dataDir: 'memory://', migrate: false });
    try {
      const summary = await restoreBackup(fresh, good);
      expect(summary.migration).toBe(latestMigrationTag());
      expect(await rowCount(fresh.db)).toBe(summary.rows);
    } finally {
      await fresh.close();
    }
  });
});
