// Measures backup and restore of a scale-seeded database on each engine:
//   node db/backup/measure.ts [--candidates 10000] [--histories 0] [--edits 1000]
//                             [--postgres postgres://postgres@127.0.0.1:5432/postgres]
// With --postgres it creates (and drops) its own databases on that server.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import {
  type DatabaseHandle,
  type DatabaseKind,
  migrateDatabase,
  openDatabase,
} from '../client.ts';
import { interviewSessions } from '../schema/index.ts';
import { seedScale } from '../seed/scale.ts';
import { backupDatabase } from './backup.ts';
import { restoreBackup } from './restore.ts';
import { writeHistory } from './testing/history-fixture.ts';

const { values } = parseArgs({
  options: {
    candidates: { type: 'string', default: '10000' },
    histories: { type: 'string', default: '0' },
    edits: { type: 'string', default: '1000' },
    postgres: { type: 'string' },
  },
});
const folder = mkdtempSync(join(tmpdir(), 'tandem-backup-measure-'));
const dropAfter: string[] = [];

/** A new, empty database of the kind: a PGlite folder on disk, or a Postgres database. */
async function fresh(kind: DatabaseKind, name: string): Promise<DatabaseHandle> {
  if (kind === 'pglite') return openDatabase({ dataDir: join(folder, name), migrate: false });
  const admin = postgres(values.postgres!, { max: 1, onnotice: () => {} });
  const database = `tandem_measure_${name}_${Date.now().toString(36)}`;
  await admin.unsafe(`create database "${database}"`);
  await admin.end();
  dropAfter.push(database);
  const url = new URL(values.postgres!);
  url.pathname = `/${database}`;
  return openDatabase({ url: url.toString(), migrate: false });
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const kinds: DatabaseKind[] = values.postgres ? ['pglite', 'postgres'] : ['pglite'];
const rows: Array<Record<string, string>> = [];
try {
  const files = new Map<DatabaseKind, string>();
  for (const kind of kinds) {
    const source = await fresh(kind, `${kind}-source`);
    await migrateDatabase(source);
    const [, seedMs] = await timed(() =>
      seedScale(source.db, { candidates: Number(values.candidates) }),
    );
    const histories = Number(values.histories);
    if (histories > 0) {
      const sessions = await source.db
        .select({ id: interviewSessions.id })
        .from(interviewSessions)
        .limit(histories);
      for (const [index, session] of sessions.entries()) {
        await writeHistory(source.db, session.id, { index, edits: Number(values.edits) });
      }
    }
    const file = join(folder, `${kind}.ndjson.gz`);
    const [summary, backupMs] = await timed(() => backupDatabase(source, { out: file }));
    await source.close();
    files.set(kind, file);
    rows.push({
      step: `backup ${kind}`,
      rows: String(summary.rows),
      ms: backupMs.toFixed(0),
      size: `${(statSync(file).size / 1024 / 1024).toFixed(2)} MB`,
      note: `seeded in ${seedMs.toFixed(0)} ms`,
    });
  }
  for (const from of kinds) {
    for (const to of kinds) {
      const target = await fresh(to, `${from}-to-${to}`);
      const [summary, restoreMs] = await timed(() => restoreBackup(target, files.get(from)!));
      await target.close();
      rows.push({
        step: `restore ${from} → ${to}`,
        rows: String(summary.rows),
        ms: restoreMs.toFixed(0),
        size: '',
        note: '',
      });
    }
  }
  console.table(rows);
} finally {
  rmSync(folder, { recursive: true, force: true });
  if (dropAfter.length > 0) {
    const admin = postgres(values.postgres!, { max: 1, onnotice: () => {} });
    for (const name of dropAfter)
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
