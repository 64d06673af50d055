import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../client.ts';
import { seedDemo } from '../seed/demo.ts';

const run = promisify(execFile);
const CLI = resolve('db/backup/cli.ts');

/** Runs the CLI in `cwd` as npm's scripts do; resolves with its exit code and output. */
async function cli(args: string[], cwd: string, env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tandem-backup-cli-'));
  const source = await openDatabase({ dataDir: join(folder, 'pglite') });
  await seedDemo(source.db, 'backup-cli-test-secret-0123456789abcdef');
  await source.close();
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('the db:backup / db:restore entry point', () => {
  it('backs up into .data/backups of the working folder and exits 0; a refused restore exits 1 with the code and no stack trace', async () => {
    const backup = await cli(['backup'], folder, { PGLITE_DIR: join(folder, 'pglite') });
    expect(backup.code).toBe(0);
    const [file] = readdirSync(join(folder, '.data', 'backups'));
    expect(file).toMatch(/^tandem-.*\.ndjson\.gz$/);
    expect(backup.stdout).toContain(join('.data', 'backups', file!));

    const refused = await cli(['restore', join('.data', 'backups', file!)], folder, {
      PGLITE_DIR: join(folder, 'pglite'),
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^RESTORE_TARGET_NOT_EMPTY: /m);
    expect(refused.stderr).not.toContain('    at ');
    expect(existsSync(join(folder, 'pglite'))).toBe(true);
  }, 120_000);
});
