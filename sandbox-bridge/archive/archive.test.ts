import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { interviewSessions } from '../../db/schema/index.ts';
import { localWorkspacePath } from '../driver/local-driver.ts';
import { sandboxIdFor } from '../sessions/session-registry.ts';
import { type BridgeStack, startBridgeStack } from '../test-support/bridge-stack.ts';
import {
  createSessionFixture,
  type SessionFixture,
  TYPESCRIPT_PROBLEM,
} from '../test-support/fixtures.ts';
import { startTestS3, type TestS3 } from '../test-support/s3.ts';
import type { ArchiveStore } from './archive-store.ts';
import type { FolderArchiveStore } from './folder-archive-store.ts';
import { deleteExpiredArchives } from './retention.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Unpacks a tar.gz and returns its files (path → content). */
function unpack(archive: Uint8Array): Record<string, string> {
  const folder = mkdtempSync(join(tmpdir(), 'tandem-unpack-'));
  try {
    const result = spawnSync('tar', ['-xzf', '-', '-C', folder], { input: archive });
    expect(result.status).toBe(0);
    const files: Record<string, string> = {};
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      files[path.slice(folder.length + 1)] = readFileSync(path, 'utf8');
    }
    return files;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function submittedSession(stack: BridgeStack): Promise<SessionFixture> {
  const fixture = await createSessionFixture(stack.database.db, TYPESCRIPT_PROBLEM);
  await stack.seedDocument(fixture.sessionId, [...TYPESCRIPT_PROBLEM.starterFiles]);
  await stack.post(fixture, 'start');
  const live = await stack.bridge.registry.open(fixture.sessionId);
  await live.sandbox.exec([
    'sh',
    '-c',
    'echo notes > notes.txt && mkdir -p node_modules/dep && echo big > node_modules/dep/index.js',
  ]);
  return fixture;
}

async function archiveRoundTrip(stack: BridgeStack, store: ArchiveStore, location: string) {
  const fixture = await submittedSession(stack);
  const response = await stack.post(fixture, 'archive');
  expect(response.status).toBe(200);
  const body = (await response.json()) as { key: string; bytes: number; location: string };
  expect(body.location).toBe(location);
  expect(body.key).toMatch(new RegExp(`^sessions/${fixture.sessionId}/.+\\.tar\\.gz$`));

  const stored = await store.get(body.key);
  expect(stored?.byteLength).toBe(body.bytes);
  const files = unpack(stored!);
  expect(files['solution.ts']).toBe(TYPESCRIPT_PROBLEM.starterFiles[0]!.content);
  expect(files['notes.txt']).toBe('notes\n');
  expect(Object.keys(files).some((path) => path.includes('node_modules'))).toBe(false);

  expect(existsSync(localWorkspacePath(stack.harness.root, sandboxIdFor(fixture.sessionId)))).toBe(
    false,
  );
  const [row] = await stack.database.db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.id, fixture.sessionId));
  expect(row).toMatchObject({ archiveKey: body.key, archiveBytes: body.bytes, sandboxId: null });
  expect(row!.archivedAt).toBeInstanceOf(Date);
  return { fixture, body };
}

describe('archiving a submitted workspace to the local folder', () => {
  let stack: BridgeStack;
  beforeAll(async () => {
    stack = await startBridgeStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  test('stores a tar.gz of the workspace, destroys the sandbox and records the archive', async () => {
    await archiveRoundTrip(stack, stack.archive, 'folder');
  });

  test('archiving again answers with the same archive; the sandbox does not come back', async () => {
    const { fixture, body } = await archiveRoundTrip(stack, stack.archive, 'folder');
    const again = await stack.post(fixture, 'archive');
    expect(await again.json()).toEqual(body);
    const start = await stack.post(fixture, 'start');
    expect(start.status).toBe(409);
    expect(await start.json()).toMatchObject({ error: { code: 'SESSION_CLOSED' } });
  });
});

describe('archiving to S3 (s3rver)', () => {
  let s3: TestS3;
  let stack: BridgeStack;
  beforeAll(async () => {
    s3 = await startTestS3();
    stack = await startBridgeStack({ archive: s3.store });
  });
  afterAll(async () => {
    await stack?.close();
    await s3?.close();
  });

  test('the store puts, lists, gets and deletes objects', async () => {
    await s3.store.put('sessions/x/one.tar.gz', new Uint8Array([1, 2, 3]));
    expect(await s3.store.get('sessions/x/one.tar.gz')).toEqual(new Uint8Array([1, 2, 3]));
    const keys: string[] = [];
    for await (const object of s3.store.list()) keys.push(object.key);
    expect(keys).toContain('sessions/x/one.tar.gz');
    await s3.store.delete('sessions/x/one.tar.gz');
    expect(await s3.store.get('sessions/x/one.tar.gz')).toBeNull();
  });

  test('a submitted workspace round-trips through the bucket', async () => {
    await archiveRoundTrip(stack, s3.store, 's3');
  });
});

describe('the retention job', () => {
  test('deletes folder archives past retention, and only those', async () => {
    const stack = await startBridgeStack();
    try {
      const store = stack.archive as FolderArchiveStore;
      const now = Date.now();
      const ages = { old: 40, edge: 29, fresh: 0 };
      const keys: Record<string, string> = {};
      for (const [name, days] of Object.entries(ages)) {
        const fixture = await createSessionFixture(stack.database.db);
        const key = `sessions/${fixture.sessionId}/archive.tar.gz`;
        await store.put(key, new Uint8Array([days]));
        const when = new Date(now - days * DAY);
        utimesSync(join(store.root, key), when, when);
        await stack.database.db
          .update(interviewSessions)
          .set({ archiveKey: key, archiveBytes: 1, archivedAt: when })
          .where(eq(interviewSessions.id, fixture.sessionId));
        keys[name] = key;
      }
      const result = await deleteExpiredArchives({
        store,
        retentionDays: 30,
        now: new Date(now),
        db: stack.database.db,
      });
      expect(result.deleted).toEqual([keys.old]);
      expect(result.kept).toBe(2);
      expect(await store.get(keys.old!)).toBeNull();
      expect(await store.get(keys.edge!)).not.toBeNull();
      const rows = await stack.database.db
        .select({ key: interviewSessions.archiveKey, at: interviewSessions.archivedAt })
        .from(interviewSessions);
      const remaining = rows
        .map((row) => row.key)
        .filter(Boolean)
        .sort();
      expect(remaining).toEqual([keys.edge, keys.fresh].sort());
      expect(rows.filter((row) => row.at).length).toBe(3);
    } finally {
      await stack.close();
    }
  });

  test('deletes S3 archives past retention, and only those', async () => {
    const s3 = await startTestS3();
    try {
      await s3.store.put('sessions/a/older.tar.gz', new Uint8Array([1]));
      // S3 keeps LastModified to the second: the two objects must differ by more.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await s3.store.put('sessions/b/newer.tar.gz', new Uint8Array([2]));
      const stored = new Map<string, Date>();
      for await (const object of s3.store.list()) stored.set(object.key, object.storedAt);
      const newer = stored.get('sessions/b/newer.tar.gz')!;
      const result = await deleteExpiredArchives({
        store: s3.store,
        retentionDays: 30,
        now: new Date(newer.getTime() + 30 * DAY),
      });
      expect(result.deleted).toEqual(['sessions/a/older.tar.gz']);
      expect(await s3.store.get('sessions/b/newer.tar.gz')).not.toBeNull();
    } finally {
      await s3.close();
    }
  });
});
