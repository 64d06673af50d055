import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { latestMigrationTag } from './backup/migration-mark.ts';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'tandem-migrate-cli-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

async function migrate(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['db/migrate-cli.ts'], {
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// package.json has named this script since the first commit; the file was missing.
describe('npm run db:migrate', { timeout: 120_000 }, () => {
  it('migrates a new PGlite folder and says which migration it is at', async () => {
    const dataDir = join(folder, 'pglite');
    const result = await migrate({ PGLITE_DIR: dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${dataDir} is at migration ${latestMigrationTag()}\n`);
  });

  it('names an unreachable database with its code and no stack trace', async () => {
    const result = await migrate({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/tandem' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^DATABASE_UNREACHABLE: /);
    expect(result.stderr).not.toContain('    at ');
  });
});
