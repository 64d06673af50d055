// `npm run db:backup [-- --out FILE]` and `npm run db:restore -- FILE`: the
// database of DATABASE_URL, or the PGlite folder PGLITE_DIR when it is unset.
// Stop Tandem first when it uses PGlite: one process at a time may open it.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { envField, parseEnv } from '../../protocol/env.ts';
import { DEFAULT_PGLITE_DIR, openDatabase } from '../client.ts';
import { backupDatabase } from './backup.ts';
import { BackupError } from './errors.ts';
import { restoreBackup } from './restore.ts';

const config = parseEnv(
  z.object({
    DATABASE_URL: envField.postgresUrl(),
    PGLITE_DIR: z.string().default(DEFAULT_PGLITE_DIR),
  }),
  process.env,
  'db:backup',
);
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' } },
});
const [command, file] = positionals;

const started = Date.now();
const progress = (table: string, rows: number) => console.error(`  ${table}: ${rows} rows`);
try {
  if (command === 'backup') {
    const out =
      values.out ??
      join('.data', 'backups', `tandem-${new Date().toISOString().replaceAll(':', '-')}.ndjson.gz`);
    mkdirSync(dirname(out), { recursive: true });
    const database = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.PGLITE_DIR,
      migrate: false,
    });
    try {
      console.error(`backing up ${database.location}`);
      const summary = await backupDatabase(database, { out, onTable: progress });
      console.log(
        `backed up ${summary.rows} rows of ${summary.tables} tables at migration ${summary.migration} ` +
          `to ${out} (${megabytes(statSync(out).size)}) in ${seconds()}`,
      );
    } finally {
      await database.close();
    }
  } else if (command === 'restore' && file) {
    const database = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.PGLITE_DIR,
      migrate: false,
    });
    try {
      console.error(`restoring ${file} into ${database.location}`);
      const summary = await restoreBackup(database, file, { onTable: progress });
      console.log(
        `restored ${summary.rows} rows of ${summary.tables} tables at migration ${summary.migration} in ${seconds()}`,
      );
    } finally {
      await database.close();
    }
  } else {
    console.error('usage: npm run db:backup [-- --out FILE] | npm run db:restore -- FILE');
    process.exitCode = 2;
  }
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`${error.code}: ${error.message}`);
  process.exitCode = 1;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function seconds(): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}
