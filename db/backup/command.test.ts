import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds } from '../../tests/support/database.ts';
import { openDatabase } from '../client.ts';
import { candidates, interviewSessions } from '../schema/index.ts';
import { seedDemo } from '../seed/demo.ts';
import { seedScale } from '../seed/scale.ts';
import { defaultBackupFile, runBackupCommand } from './command.ts';
import { latestMigrationTag } from './migration-mark.ts';

/** Runs the command as the CLI does, collecting what it prints. */
async function command(args: string[], env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runBackupCommand(args, env, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

let folder: string;
let pgliteDir: string;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tandem-backup-command-'));
  pgliteDir = join(folder, 'pglite');
  const source = await openDatabase({ dataDir: pgliteDir });
  await seedDemo(source.db, 'backup-command-test-secret-0123456789abcdef');
  await seedScale(source.db, { candidates: 200, assessments: 4 });
  await source.close();
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

// Each case opens PGlite folders, some more than once.
describe('db:backup and db:restore', { timeout: 120_000 }, () => {
  it('backs up the PGlite folder to a new file, and refuses to overwrite it', async () => {
    const out = join(folder, 'nightly.ndjson.gz');
    const backup = await command(['backup', '--out', out], { PGLITE_DIR: pgliteDir });
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(
      new RegExp(
        `^backed up \\d+ rows of \\d+ tables at migration ${latestMigrationTag()} to .*nightly\\.ndjson\\.gz \\(\\d+\\.\\d kB\\) in \\d+\\.\\d s$`,
      ),
    );
    expect(backup.stderr).toContain('  candidates: 201 rows');
    const again = await command(['backup', '--out', out], { PGLITE_DIR: pgliteDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^BACKUP_OUTPUT_EXISTS: .*nightly\.ndjson\.gz already exists/m);
  });

  it('names the default file by the time it was taken, under .data/backups', () => {
    expect(defaultBackupFile(new Date('2026-11-28T14:05:06.789Z'))).toBe(
      join('.data', 'backups', 'tandem-2026-11-28T14-05-06.789Z.ndjson.gz'),
    );
  });

  it.each(databaseKinds())('restores into an empty %s database, and not twice', async (kind) => {
    const out = join(folder, `to-${kind}.ndjson.gz`);
    expect((await command(['backup', '--out', out], { PGLITE_DIR: pgliteDir })).code).toBe(0);
    const target = kind === 'postgres' ? await createTestDatabase('postgres') : undefined;
    const env = target?.url
      ? { DATABASE_URL: target.url }
      : { PGLITE_DIR: join(folder, 'restored-pglite') };
    try {
      const restore = await command(['restore', out], env);
      expect(restore.stderr).toContain(`restoring ${out} into `);
      expect(restore.code).toBe(0);
      expect(restore.stdout).toMatch(
        new RegExp(`^restored \\d+ rows of \\d+ tables at migration ${latestMigrationTag()}`),
      );
      const refused = await command(['restore', out], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^RESTORE_TARGET_NOT_EMPTY: /m);

      const restored = target ?? (await openDatabase({ dataDir: env.PGLITE_DIR!, migrate: false }));
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

  it('says how to use it, and names what is wrong with the arguments or the database', async () => {
    const usage = await command([], {});
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run db:backup');
    expect((await command(['restore'], {})).code).toBe(2);
    const option = await command(['backup', '--to', 'x'], {});
    expect(option.code).toBe(1);
    expect(option.stderr).toContain("'--to'");
    const badUrl = await command(['backup'], { DATABASE_URL: 'mysql://root@localhost/tandem' });
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain('DATABASE_URL');
    const unreachable = await command(['restore', join(folder, 'nightly.ndjson.gz')], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/tandem',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^DATABASE_UNREACHABLE: .*127\.0\.0\.1:1\/tandem/m);
    expect(existsSync(join(folder, 'nightly.ndjson.gz'))).toBe(true);
  });
});
