import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyPassword } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceFirstRun, setupToken } from '../app/setup/first-run.server.ts';
import { openDatabase } from '../db/client.ts';
import { authAccounts, memberships, organizations, users } from '../db/schema/index.ts';
import { startTandem, type Tandem } from '../scripts/tandem.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { TestClient } from './support/http.ts';
import { captureLogs } from './support/log-capture.ts';
import { freePort } from './support/ports.ts';

const run = promisify(execFile);
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/admin.ts', ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run admin -- create-owner', { timeout: 120_000 }, () => {
  const name = `tandem_admin_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString(), PUBLIC_URL: 'https://tandem.example.com' };
  beforeAll(async () => {
    const server = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await server.unsafe(`create database "${name}"`);
    await server.end();
  });
  afterAll(async () => {
    const server = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await server.unsafe(`drop database if exists "${name}" with (force)`);
    await server.end();
  });

  it('creates an owner of a new organization on an empty database, with a password that signs in', async () => {
    const result = await admin(
      ['create-owner', '--email', 'Ada@Example.com', '--organization', 'Acme Hiring'],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Created ada@example.com, owner of a new organization. Sign in at https://tandem.example.com/login',
    );
    const password = /password: (\S+) {2}\(shown once\)/.exec(result.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{16}$/);

    const database = await openDatabase({ url: env.DATABASE_URL, migrate: false });
    try {
      const [row] = await database.db
        .select({ role: memberships.role, org: organizations.name, hash: authAccounts.password })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .innerJoin(authAccounts, eq(authAccounts.userId, users.id))
        .where(eq(users.email, 'ada@example.com'));
      expect(row).toMatchObject({ role: 'owner', org: 'Acme Hiring' });
      expect(await verifyPassword({ hash: row!.hash!, password: password! })).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('refuses an address that already has an account, a bad address and a short password, with codes', async () => {
    const again = await admin(['create-owner', '--email', 'ada@example.com'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('USER_EXISTS: ada@example.com already has an account.\n');
    const bad = await admin(['create-owner', '--email', 'not-an-address'], env);
    expect(bad.stderr).toBe('INVALID_EMAIL: "not-an-address" is not an e-mail address.\n');
    const short = await admin(
      ['create-owner', '--email', 'bob@example.com', '--password', 'short'],
      env,
    );
    expect(short.stderr).toBe('PASSWORD_TOO_SHORT: The password needs at least 8 characters.\n');
    const usage = await admin(['create-owner'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--email is required');
  });
});

describe('the first-run page /setup', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let tandem: Tandem;
  let base: string;
  const folder = mkdtempSync(join(tmpdir(), 'tandem-setup-'));
  const logs = captureLogs();
  const token = setupToken(SECRET);
  const owner = {
    token,
    name: 'Grace',
    email: 'grace@example.com',
    password: 'a-long-password',
    organization: 'Navy Labs',
  };

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    tandem = await startTandem({
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: base,
        COLLAB_PORT: String(await freePort()),
        BRIDGE_PORT: String(await freePort()),
        TANDEM_SECRET: SECRET,
        SANDBOX_DIR: join(folder, 'sandboxes'),
        ARCHIVE_DIR: join(folder, 'archive'),
        LOG_LEVEL: 'warn',
      },
      database,
      logDestination: logs.destination,
    });
  });
  afterAll(async () => {
    await tandem?.close();
    await database?.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('is announced in the log with its key while the database has no user', async () => {
    expect(await announceFirstRun(tandem.app.services)).toBe(true);
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ setupUrl: `${base}/setup?token=${token}` }),
    );
  });

  it('refuses to create anyone without the setup key', async () => {
    const page = await new TestClient(base).request('/setup');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Open this page with the setup link from the server log');
    const post = await new TestClient(base).postForm('/setup', { ...owner, token: 'guess' });
    expect(post.status).toBe(403);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  it('creates one owner, signs them in, and refuses every later attempt', async () => {
    const first = new TestClient(base);
    const rival = new TestClient(base);
    // Two submissions at once on an empty database: only one becomes the owner.
    const [created, raced] = await Promise.all([
      first.postForm('/setup', owner),
      rival.postForm('/setup', { ...owner, email: 'rival@example.com' }),
    ]);
    const statuses = [created.status, raced.status].sort();
    expect(statuses).toEqual([302, 403]);
    const loser = created.status === 302 ? raced : created;
    expect(await loser.text()).toContain('This server already has users');
    const winner = created.status === 302 ? first : rival;
    expect((await winner.request('/dashboard')).status).toBe(200);
    const rows = await database.db
      .select({ email: users.email, role: memberships.role, org: organizations.name })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'owner', org: 'Navy Labs' });

    // Once a user exists the page is closed, with or without the key.
    const later = new TestClient(base);
    const page = await later.request(`/setup?token=${token}`);
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain('This server already has users');
    expect(html).not.toContain('Create the owner');
    const post = await later.postForm('/setup', { ...owner, email: 'late@example.com' });
    expect(post.status).toBe(403);
    expect(await post.text()).toContain('This server already has users');
    expect(await database.db.select().from(users)).toHaveLength(1);
    expect(await announceFirstRun(tandem.app.services)).toBe(false);
  });
});
