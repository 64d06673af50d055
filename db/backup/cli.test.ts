import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds } from '../../tests/support/database.ts';
import { openDatabase } from '../client.ts';
import { candidates, interviewSessions } from '../schema/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { seedScale } from '../seed/scale.ts';

const run = promisify(execFile);

/** Runs the CLI as npm's scripts do; resolves with its exit code and output. */
async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['db/backup/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let folder: string;
let pgliteDir: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tandem-backup-cli-'));
  pgliteDir = join(folder, 'pglite');
  const source = await openDatabase({ dataDir: pgliteDir });
  await seedDemo(source.db, 'backup-cli-test-secret-0123456789abcdef');
  await seedScale(source.db, { candidates: 200, assessments: 4 });
  await source.close();
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

// Each case starts Node and opens PGlite in a child process, more than once.
describe('npm run db:backup and db:restore', { timeout: 180_000 }, () => {
  it('backs up the PGlite folder to a new file, and refuses to overwrite it', async () => {
    const out = join(folder, 'nightly.ndjson.gz');
    const backup = await cli(['backup', '--out', out], { PGLITE_DIR: pgliteDir });
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/backed up \d+ rows of \d+ tables at migration 0000_init/);
    expect(existsSync(out)).toBe(true);
    const again = await cli(['backup', '--out', out], { PGLITE_DIR: pgliteDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^BACKUP_OUTPUT_EXISTS: /m);
    expect(again.stderr).not.toContain('    at ');
  });

  it('writes to .data/backups when no file is named', async () => {
    const backup = await cli(['backup'], { PGLITE_DIR: pgliteDir });
    expect(backup.code).toBe(0);
    const written = /to (\.data\/backups\/tandem-[^ ]+\.ndjson\.gz)/.exec(backup.stdout)?.[1];
    expect(written).toBeTruthy();
    expect(existsSync(written!)).toBe(true);
    rmSync(written!);
  });

  it.each(databaseKinds())('restores it into an empty %s database, and not twice', async (kind) => {
    const out = join(folder, `to-${kind}.ndjson.gz`);
    expect((await cli(['backup', '--out', out], { PGLITE_DIR: pgliteDir })).code).toBe(0);
    const target = kind === 'postgres' ? await createTestDatabase('postgres') : undefined;
    const targetEnv = target?.url
      ? { DATABASE_URL: target.url }
      : { PGLITE_DIR: join(folder, 'restored-pglite') };
    try {
      const restore = await cli(['restore', out], targetEnv);
      expect(restore.stderr).not.toContain('    at ');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toMatch(/restored \d+ rows of \d+ tables at migration 0000_init/);
      const refused = await cli(['restore', out], targetEnv);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^RESTORE_TARGET_NOT_EMPTY: /m);

      const restored =
        target ?? (await openDatabase({ dataDir: targetEnv.PGLITE_DIR!, migrate: false }));
      try {
        const [people] = await restored.db.select({ n: count() }).from(candidates);
        const [sessions] = await restored.db.select({ n: count() }).from(interviewSessions);
        expect(people!.n).toBe(201);
        expect(sessions!.n).toBeGreaterThan(0);
      } finally {
        if (!target) await restored.close();
      }
    } finally {
      await target?.destroy();
    }
  });

  it('says how to use it, and names a bad DATABASE_URL', async () => {
    const usage = await cli([], {});
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run db:backup');
    const bad = await cli(['backup'], { DATABASE_URL: 'mysql://root@localhost/tandem' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('DATABASE_URL');
    expect(bad.stderr).not.toContain('    at ');
  });
});
