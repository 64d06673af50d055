import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, desc, eq, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SESSION_DOC, sessionDocumentName } from '../../protocol/documents.ts';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from '../../tests/support/database.ts';
import { loadSessionHistory } from '../history/load.ts';
import * as schema from '../schema/index.ts';
import { interviewSessions, sessionEvents, yjsDocuments, yjsUpdates } from '../schema/index.ts';
import { backupDatabase } from './backup.ts';
import { latestMigrationTag } from './migration-mark.ts';
import { restoreBackup } from './restore.ts';
import { queryRows } from './rows.ts';
import { readBackupLines } from './testing/backup-files.ts';
import { fillWithHistories } from './testing/history-fixture.ts';

const kinds = databaseKinds();
const tables = Object.entries(schema).filter(([, value]) => is(value, PgTable)) as Array<
  [string, PgTable]
>;

/** Every row of a table as comparable text, in a stable order. */
async function contents(database: TestDatabase, table: PgTable): Promise<string[]> {
  const rows = await database.db.select().from(table);
  return rows
    .map((row) =>
      JSON.stringify(row, (_, value) =>
        value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
      ),
    )
    .sort();
}

/** The files of a document rebuilt from updates applied in order. */
function filesOf(updates: Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getMap(SESSION_DOC.files).toJSON();
}

describe.each(kinds)('a backup of %s', (from) => {
  let folder: string;
  let source: TestDatabase;
  let sessionIds: string[];
  let file: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-backup-'));
    source = await createTestDatabase(from);
    sessionIds = await fillWithHistories(source.db, { histories: 4 });
    file = join(folder, 'backup.ndjson.gz');
    await backupDatabase(source, { out: file });
  });
  afterAll(async () => {
    await source?.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes the tables parents first, each with its row count, and a trailer', async () => {
    const lines = readBackupLines(file).map((line) => JSON.parse(line));
    const header = lines[0];
    expect(header).toMatchObject({
      format: 'tandem-backup',
      version: 1,
      engine: from,
      migration: { tag: latestMigrationTag() },
    });
    const order = header.tables.map((table: { name: string }) => table.name);
    expect(order.indexOf('organizations')).toBeLessThan(order.indexOf('candidates'));
    expect(order.indexOf('candidates')).toBeLessThan(order.indexOf('interview_sessions'));
    expect(order.indexOf('interview_sessions')).toBeLessThan(order.indexOf('session_events'));
    expect(order.indexOf('test_runs')).toBeLessThan(order.indexOf('test_results'));
    const [updates] = await source.db.select({ n: count() }).from(yjsUpdates);
    expect(lines).toContainEqual({ end: 'yjs_updates', rows: updates!.n });
    expect(lines.at(-1)).toMatchObject({ complete: true, tables: order.length });
  });

  describe.each(kinds)('restored into an empty %s database', (to) => {
    let target: TestDatabase;

    beforeAll(async () => {
      target = await createTestDatabase(to);
      await restoreBackup(target, file);
    });
    afterAll(async () => {
      await target?.destroy();
    });

    it('holds every row of every table with the same values', async () => {
      for (const [name, table] of tables) {
        expect(await contents(target, table), name).toEqual(await contents(source, table));
      }
      // Values a JS round trip would bend, compared in Postgres' own terms.
      const exact = sql`select
          (select client_id::text from yjs_updates order by id limit 1) as "bigClient",
          (select count(*)::int from session_events where data = 'null'::jsonb) as "jsonNulls",
          (select count(*)::int from session_events where jsonb_typeof(data) = 'string') as "jsonStrings"`;
      const [restored] = await queryRows(target.db, exact);
      expect(restored).toEqual((await queryRows(source.db, exact))[0]);
      expect(restored).toMatchObject({ bigClient: '9007199254740993', jsonNulls: 4 });
    });

    it('finds every session and its history, the updates byte for byte', async () => {
      const restored = await target.db.select({ id: interviewSessions.id }).from(interviewSessions);
      const original = await source.db.select({ id: interviewSessions.id }).from(interviewSessions);
      expect(restored.map((row) => row.id).sort()).toEqual(original.map((row) => row.id).sort());
      for (const sessionId of sessionIds) {
        const history = await loadSessionHistory(target.db, sessionId, { checkpoints: 'all' });
        expect(history).toEqual(
          await loadSessionHistory(source.db, sessionId, { checkpoints: 'all' }),
        );
        expect(history!.updates.length).toBeGreaterThan(30);
        expect(history!.checkpoints).toHaveLength(1);
        expect(history!.events).toHaveLength(3);
        expect(history!.notes).not.toBeNull();
      }
    });

    it('replays the restored update log into the same documents', async () => {
      for (const sessionId of sessionIds) {
        const name = sessionDocumentName(sessionId);
        const [stored] = await source.db
          .select({ state: yjsDocuments.state })
          .from(yjsDocuments)
          .where(eq(yjsDocuments.name, name));
        const expected = filesOf([stored!.state]);
        expect(Object.keys(expected)).toContain('solution.ts');
        const history = (await loadSessionHistory(target.db, sessionId, { checkpoints: 'all' }))!;
        // From the first update, and from the checkpoint plus the updates after it.
        expect(filesOf(history.updates.map((u) => u.bytes))).toEqual(expected);
        const checkpoint = history.checkpoints[0]!;
        const after = history.updates.filter((u) => u.seq > checkpoint.seq).map((u) => u.bytes);
        expect(filesOf([checkpoint.state, ...after])).toEqual(expected);
      }
    });

    it('continues the bigserial sequences after the restored rows', async () => {
      const [last] = await target.db
        .select({ id: yjsUpdates.id })
        .from(yjsUpdates)
        .orderBy(desc(yjsUpdates.id))
        .limit(1);
      const [inserted] = await target.db
        .insert(yjsUpdates)
        .values({
          documentName: 'session/after-restore',
          seq: 1,
          at: new Date(),
          senderRole: 'service',
          senderId: 'test',
          origin: 'api',
          update: new Uint8Array([0, 0]),
        })
        .returning({ id: yjsUpdates.id });
      expect(inserted!.id).toBe(last!.id + 1);
      const [event] = await target.db
        .insert(sessionEvents)
        .values({ sessionId: sessionIds[0]!, at: new Date(), type: 'focus' })
        .returning({ seq: sessionEvents.seq });
      const [max] = await source.db
        .select({ seq: sql<number>`max(${sessionEvents.seq})::int` })
        .from(sessionEvents);
      expect(event!.seq).toBe(max!.seq + 1);
    });
  });
});
