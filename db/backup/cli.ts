// `npm run db:backup [-- --out FILE]` and `npm run db:restore -- FILE`: the
// database of DATABASE_URL, or the PGlite folder PGLITE_DIR when it is unset.
// Stop Tandem first when it uses PGlite: one process at a time may open it.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, envField, parseEnv } from '../../protocol/env.ts';
import { DatabaseError, DEFAULT_PGLITE_DIR, openDatabase } from '../client.ts';
import { backupDatabase } from './backup.ts';
import { BackupError } from './errors.ts';
import { restoreBackup } from './restore.ts';

const USAGE = 'usage: npm run db:backup [-- --out FILE] | npm run db:restore -- FILE';
const started = Date.now();

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  });
  const [command, file] = positionals;
  if (!(command === 'backup' || (command === 'restore' && file))) {
    console.error(USAGE);
    return 2;
  }
  const config = parseEnv(
    z.object({
      DATABASE_URL: envField.postgresUrl(),
      PGLITE_DIR: z.string().default(DEFAULT_PGLITE_DIR),
    }),
    process.env,
    `db:${command}`,
  );
  // Not migrated on open: a restore must refuse a database that holds data
  // before changing anything, and a backup records the schema as it is.
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.PGLITE_DIR,
    migrate: false,
  });
  const progress = (table: string, rows: number) => console.error(`  ${table}: ${rows} rows`);
  try {
    if (command === 'backup') {
      const out = values.out ?? defaultBackupFile();
      mkdirSync(dirname(out), { recursive: true });
      console.error(`backing up ${database.location}`);
      const summary = await backupDatabase(database, { out, onTable: progress });
      console.log(
        `backed up ${summary.rows} rows of ${summary.tables} tables at migration ${summary.migration} ` +
          `to ${out} (${size(statSync(out).size)}) in ${seconds()}`,
      );
    } else {
      console.error(`restoring ${file} into ${database.location}`);
      const summary = await restoreBackup(database, file!, { onTable: progress });
      console.log(
        `restored ${summary.rows} rows of ${summary.tables} tables at migration ${summary.migration} in ${seconds()}`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}

function defaultBackupFile(): string {
  const stamp = new Date().toISOString().replaceAll(':', '-');
  return join('.data', 'backups', `tandem-${stamp}.ndjson.gz`);
}

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} kB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function seconds(): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // What a person can act on is printed without a stack trace.
  if (error instanceof BackupError || error instanceof DatabaseError) {
    console.error(`${error.code}: ${error.message}`);
  } else if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    throw error;
  }
  process.exitCode = 1;
}
