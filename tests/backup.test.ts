import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backupDatabase } from '../db/backup/backup.ts';
import { restoreBackup } from '../db/backup/restore.ts';
import { loadSessionHistory } from '../db/history/load.ts';
import {
  candidates,
  interviewSessions,
  testRuns,
  yjsDocuments,
  yjsUpdates,
} from '../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { SESSION_DOC, sessionDocumentName } from '../protocol/documents.ts';
import { startDemoInterview } from './support/candidate.ts';
import { connectToSession, eventually } from './support/collab-client.ts';
import { createTestDatabase, databaseKinds } from './support/database.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

const solution = DEMO_PROBLEMS[0]!.referenceSolution[0]!.content;

let stack: TestStack;
let folder: string;
let file: string;
let sessionId: string;
let typed: string;

// A real interview through the running product — typed over the collab-server,
// submitted, graded — then the product stops (flushing its history) and the
// database is backed up.
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tandem-backup-e2e-'));
  stack = await startTestStack();
  const interview = await startDemoInterview(stack);
  sessionId = interview.session.id;
  const candidate = await connectToSession(stack, interview.session, {
    role: 'candidate',
    subject: interview.candidateId,
  });
  for (let i = 1; i <= 5; i++) candidate.write('scratch.ts', `// draft ${i}\n`);
  candidate.write('solution.ts', solution);
  typed = candidate.read('scratch.ts')!;
  await eventually(async () => {
    const [logged] = await stack.database.db
      .select({ n: count() })
      .from(yjsUpdates)
      .where(eq(yjsUpdates.documentName, sessionDocumentName(sessionId)));
    return logged!.n >= 6;
  }, 'the edits reached the history log');
  const submitted = await interview.browser.postJson(
    `/api/interview/${interview.candidateId}/submit`,
  );
  expect(submitted.status).toBe(200);
  candidate.close();
  await stack.tandem.close();
  file = join(folder, 'after-the-interview.ndjson.gz');
  await backupDatabase(stack.database, { out: file });
}, 180_000);
afterAll(async () => {
  // Closes the already stopped services again (harmless), drops the database
  // and removes the stack's folders.
  await stack?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe.each(databaseKinds())('a backup of a real interview restored into %s', (kind) => {
  it('finds the session, its candidate, its grading and its whole history', async () => {
    const target = await createTestDatabase(kind);
    try {
      await restoreBackup(target, file);
      const [session] = await target.db
        .select()
        .from(interviewSessions)
        .where(eq(interviewSessions.id, sessionId));
      expect(session).toMatchObject({ status: 'COMPLETED', endReason: 'candidate' });
      const [candidate] = await target.db
        .select()
        .from(candidates)
        .where(eq(candidates.id, session!.candidateId));
      expect(candidate).toMatchObject({ status: 'COMPLETED', overallScore: 100 });
      const runs = await target.db.select().from(testRuns).where(eq(testRuns.sessionId, sessionId));
      expect(runs.map((run) => run.kind)).toContain('final');

      const history = await loadSessionHistory(target.db, sessionId, { checkpoints: 'all' });
      expect(history).toEqual(
        await loadSessionHistory(stack.database.db, sessionId, { checkpoints: 'all' }),
      );
      expect(history!.events.map((event) => event.type)).toContain('session_submitted');

      // The restored log replays to what the candidate typed and what the server stored.
      const replayed = new Y.Doc();
      for (const update of history!.updates) Y.applyUpdate(replayed, update.bytes);
      const files = replayed.getMap<Y.Text>(SESSION_DOC.files);
      expect(files.get('solution.ts')?.toString()).toBe(solution);
      expect(files.get('scratch.ts')?.toString()).toBe(typed);
      const [stored] = await target.db
        .select({ state: yjsDocuments.state })
        .from(yjsDocuments)
        .where(eq(yjsDocuments.name, sessionDocumentName(sessionId)));
      const storedDoc = new Y.Doc();
      Y.applyUpdate(storedDoc, stored!.state);
      expect(storedDoc.getMap(SESSION_DOC.files).toJSON()).toEqual(files.toJSON());
    } finally {
      await target.destroy();
    }
  }, 120_000);
});
