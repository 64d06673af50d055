import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, envField, parseEnv } from '../../protocol/env.ts';
import { DatabaseError, DEFAULT_PGLITE_DIR, openDatabase } from '../client.ts';
import { backupDatabase } from './backup.ts';
import { BackupError } from './errors.ts';
import { restoreBackup } from './restore.ts';

export const USAGE = 'usage: npm run db:backup [-- --out FILE] | npm run db:restore -- FILE';

/** Where the command writes: the summary to `out`, progress and errors to `err`. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `backup [--out FILE]` or `restore FILE` against the database of
 * DATABASE_URL, or the PGlite folder PGLITE_DIR when it is unset. Resolves
 * with the exit code; what a person can act on is printed as `CODE: sentence`.
 */
export async function runBackupCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  output: CommandOutput,
): Promise<number> {
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: 'string' } },
    });
    const [command, file] = positionals;
    if (!(command === 'backup' || (command === 'restore' && file))) {
      output.err(USAGE);
      return 2;
    }
    const config = parseEnv(
      z.object({
        DATABASE_URL: envField.postgresUrl(),
        PGLITE_DIR: z.string().default(DEFAULT_PGLITE_DIR),
      }),
      env,
      `db:${command}`,
    );
    // Not migrated on open: a restore must refuse a database that holds data
    // before changing anything, and a backup records the schema as it is.
    const database = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.PGLITE_DIR,
      migrate: false,
    });
    const onTable = (table: string, rows: number) => output.err(`  ${table}: ${rows} rows`);
    try {
      if (command === 'backup') {
        const out = values.out ?? defaultBackupFile();
        mkdirSync(dirname(out), { recursive: true });
        output.err(`backing up ${database.location}`);
        const summary = await backupDatabase(database, { out, onTable });
        output.out(
          `backed up ${summary.rows} rows of ${summary.tables} tables at migration ${summary.migration} ` +
            `to ${out} (${size(statSync(out).size)}) in ${seconds()}`,
        );
      } else {
        output.err(`restoring ${file} into ${database.location}`);
        const summary = await restoreBackup(database, file!, { onTable });
        output.out(
          `restored ${summary.rows} rows of ${summary.tables} tables at migration ${summary.migration} in ${seconds()}`,
        );
      }
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    if (error instanceof BackupError || error instanceof DatabaseError) {
      output.err(`${error.code}: ${error.message}`);
    } else if (error instanceof ConfigError || isArgumentError(error)) {
      output.err((error as Error).message);
    } else {
      throw error;
    }
    return 1;
  }
}

function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** `.data/backups/tandem-<ISO time>.ndjson.gz`, relative to the working folder. */
export function defaultBackupFile(now = new Date()): string {
  return join('.data', 'backups', `tandem-${now.toISOString().replaceAll(':', '-')}.ndjson.gz`);
}

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} kB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
