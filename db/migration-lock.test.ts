import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { latestMigrationTag } from './backup/migration-mark.ts';

const run = promisify(execFile);
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `npm run db:migrate` (what every service does at start) against `url`. */
async function migrate(url: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['db/migrate-cli.ts'], {
      env: { ...process.env, DATABASE_URL: url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('migrations on Postgres', { timeout: 120_000 }, () => {
  // docker compose starts the app, two collab-server replicas and the bridge
  // at once on an empty database; each migrates at start. Without a lock they
  // raced to create the same schema and tables, and some exited.
  it('succeed in all of four processes racing on a fresh database, each migration applied once', async () => {
    const name = `tandem_race_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    try {
      const results = await Promise.all([1, 2, 3, 4].map(() => migrate(url.toString())));
      for (const result of results) {
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`is at migration ${latestMigrationTag()}`);
      }
      const database = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        const applied = await database`select hash from drizzle.__drizzle_migrations`;
        expect(applied.length).toBe(new Set(applied.map((row) => row.hash)).size);
        const journal = JSON.parse(readFileSync('db/migrations/meta/_journal.json', 'utf8')) as {
          entries: unknown[];
        };
        expect(applied.length).toBe(journal.entries.length);
      } finally {
        await database.end();
      }
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
