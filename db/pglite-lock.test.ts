import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseError, openDatabase } from './client.ts';
import { PGLITE_LOCK_FILE } from './pglite-lock.ts';

const folder = mkdtempSync(join(tmpdir(), 'tandem-pglite-lock-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('a PGlite folder', { timeout: 180_000 }, () => {
  // Two PGlite instances on one folder corrupt it: the first crashed with
  // `RuntimeError: Aborted()` when a second process opened the folder.
  it('refuses a second opener with DATABASE_IN_USE naming the holder, and opens again once closed', async () => {
    const dataDir = join(folder, 'shared');
    const first = await openDatabase({ dataDir, migrate: false });
    const second = await openDatabase({ dataDir, migrate: false }).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(DatabaseError);
    expect(second).toMatchObject({ code: 'DATABASE_IN_USE' });
    expect((second as Error).message).toContain(`in use by process ${process.pid}`);
    expect((second as Error).message).toContain('PGLITE_DIR');
    await first.ping();
    await first.close();

    const again = await openDatabase({ dataDir, migrate: false });
    await again.ping();
    await again.close();
  });

  it('refuses a second process with a message on stderr and exit 1', async () => {
    const dataDir = join(folder, 'shared');
    const first = await openDatabase({ dataDir, migrate: false });
    try {
      const result = spawnSync(process.execPath, ['db/migrate-cli.ts'], {
        env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: dataDir },
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `DATABASE_IN_USE: The embedded database ${dataDir} is in use by process ${process.pid}: ` +
          'PGlite allows one process per folder. Stop that process (another npm start?), ' +
          'or set PGLITE_DIR to another folder, or DATABASE_URL to use Postgres.\n',
      );
    } finally {
      await first.close();
    }
  });

  it('takes over the lock of a process that died without closing (kill -9)', async () => {
    const dataDir = join(folder, 'shared');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(join(dataDir, PGLITE_LOCK_FILE), gone.stdout);
    const reopened = await openDatabase({ dataDir, migrate: false });
    await reopened.ping();
    await reopened.close();
  });
});
