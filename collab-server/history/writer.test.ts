import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.ts';
import type { HistoryEntry } from './rows.ts';
import { appendHistory } from './writer.ts';

/** The prepared call exists on Postgres only (PGlite appends without the lock). */
const postgres = process.env.TEST_DATABASE_URL ? test : test.skip;

function entries(at: Date, names: string[]): HistoryEntry[] {
  return names.map((documentName, i) => ({
    documentName,
    at,
    senderRole: 'candidate',
    senderId: `candidate-${i}`,
    clientId: i === 1 ? null : 1000 + i,
    origin: 'typed',
    update: new Uint8Array([i, 0xff, 0x27]),
  }));
}

interface Row {
  document_name: string;
  seq: number;
  at: string;
  sender_role: string;
  sender_id: string;
  client_id: string | null;
  origin: string;
  update: string;
}

async function rowsOf(database: TestDatabase): Promise<Row[]> {
  const result = await database.db.execute(sql`
    select document_name, seq, at::text as at, sender_role, sender_id, client_id::text as client_id,
      origin, encode(update, 'hex') as update
    from yjs_updates order by document_name, seq`);
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

// The single-server append is a prepared call of tandem_append_history
// (migration 0012); retries and replicas use the literal script. Both must
// write the same log (decision 020).
describe('the prepared append (postgres)', () => {
  const databases: TestDatabase[] = [];
  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) return;
    databases.push(await createTestDatabase('postgres'), await createTestDatabase('postgres'));
  });
  afterAll(async () => {
    await Promise.all(databases.map((database) => database.destroy()));
  });

  postgres(
    'writes the same rows, seqs and ranges as the literal script, and never moves time back',
    async () => {
      const [viaCall, viaScript] = databases as [TestDatabase, TestDatabase];
      const later = new Date('2026-12-06T03:00:00.000Z');
      const earlier = new Date('2026-12-06T02:59:00.000Z');
      const batches = [
        entries(later, ['session/a', 'session/b', 'session/a']),
        entries(earlier, ['session/a', "session/o'brien", 'session/b', 'session/a']),
      ];
      let calls = 0;
      const prepared = (text: string, params: unknown[]) => {
        calls += 1;
        return viaCall.prepared!(text, params);
      };
      for (const batch of batches) {
        const call = await appendHistory(viaCall.db, batch, {
          lock: true,
          script: viaCall.script,
          prepared,
          dedupe: false,
        });
        const script = await appendHistory(viaScript.db, batch, {
          lock: true,
          script: viaScript.script,
          dedupe: false,
        });
        expect(call.ranges).toEqual(script.ranges);
        expect(call.stale.size).toBe(0);
      }
      expect(calls).toBe(2);
      const rows = await rowsOf(viaCall);
      expect(rows).toEqual(await rowsOf(viaScript));
      expect(rows.filter((row) => row.document_name === 'session/a').map((row) => row.seq)).toEqual(
        [1, 2, 3, 4],
      );
      // The second batch was stamped a minute earlier: its rows keep the tail's time.
      expect(
        new Set(rows.filter((row) => row.document_name === 'session/a').map((row) => row.at)).size,
      ).toBe(1);
    },
  );
});
