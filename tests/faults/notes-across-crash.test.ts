import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCandidateReport } from '../../app/candidates/report.server.ts';
import { LocalEdits } from '../../app/editor/local-edits.ts';
import { NotesModel } from '../../app/editor/notes-model.ts';
import { readNotes } from '../../app/replay/notes.ts';
import { eventually } from '../../collab-server/testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  tokenFor,
} from '../../collab-server/testing/fixtures.ts';
import { storedDocument } from '../../collab-server/testing/servers.ts';
import { loadSessionHistory } from '../../db/history/load.ts';
import { notesDocumentName } from '../../protocol/documents.ts';
import { OriginTagger } from '../../protocol/origin-tagger.ts';
import { freePort } from '../support/ports.ts';
import type { RunningProcess } from '../support/process.ts';
import {
  connectSavingClient,
  faultDatabaseKind,
  killHard,
  PATIENCE,
  report,
  type SavingClient,
  type Storage,
  startCollabChild,
  storageFor,
} from './harness.ts';

describe.each([faultDatabaseKind()])('interviewer notes across a crash (%s)', (kind) => {
  let storage: Storage;
  let session: SessionFixture;
  let port: number;
  let child: RunningProcess | null = null;
  let client: SavingClient | null = null;

  beforeAll(async () => {
    storage = await storageFor(kind);
    const database = await storage.open();
    [session] = (await createSessions(database.db, 1)) as [SessionFixture];
    await database.close();
    port = await freePort();
  });

  afterAll(async () => {
    client?.destroy();
    if (child) await killHard(child);
    await storage?.destroy();
  });

  async function readers() {
    const database = await storage.open();
    try {
      const candidateReport = await loadCandidateReport(
        database.db,
        session.organizationId,
        session.candidateId,
      );
      const history = await loadSessionHistory(database.db, session.sessionId);
      const stored = await storedDocument(database.db, notesDocumentName(session.sessionId));
      return {
        report: candidateReport?.notes.map((note) => note.text) ?? [],
        history: readNotes(history?.notes ?? null, 0).map((note) => note.text),
        stored: stored?.getArray('entries').length ?? 0,
      };
    } finally {
      await database.close();
    }
  }

  it('shows every acknowledged note in the report and the history API after kill -9', async () => {
    child = await startCollabChild(storage.env, port);
    const name = notesDocumentName(session.sessionId);
    const url = `ws://127.0.0.1:${port}`;
    client = connectSavingClient(url, name, await tokenFor(session, 'interviewer'));
    const open = client;
    await eventually(() => open.provider.isSynced, 'the notes document syncs', PATIENCE);
    const notes = new NotesModel({
      doc: open.doc,
      edits: new LocalEdits(open.doc, new OriginTagger(open.provider)),
      author: { id: 'user-interviewer', name: 'Interviewer' },
      sessionTimeMs: () => 1000,
    });
    const written = ['Reads the spec first', 'Tests edge cases', 'Asks about limits'];
    for (const text of written) notes.add(text);
    await eventually(() => open.saves.saved, 'the server confirms the notes', PATIENCE);
    open.destroy();
    client = null;
    const killedAt = Date.now();
    await killHard(child);

    // Nobody has opened the document since: the readers must find the notes in the log.
    const afterCrash = await readers();
    expect(afterCrash.report.sort()).toEqual([...written].sort());
    expect(afterCrash.history.sort()).toEqual([...written].sort());

    // A restart that loads the document stores what it recovered from the log.
    child = await startCollabChild(storage.env, port);
    const reader = connectSavingClient(url, name, await tokenFor(session, 'interviewer'));
    await eventually(() => reader.provider.isSynced, 'the notes document loads', PATIENCE);
    const recoveredMs = Date.now() - killedAt;
    expect(reader.doc.getArray('entries').length).toBe(3);
    reader.destroy();
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    const afterRestart = await readers();
    expect(afterRestart.stored).toBe(3);
    expect(afterRestart.report).toHaveLength(3);
    report(`notes across a crash (${kind})`, {
      notes_acknowledged: written.length,
      in_report_after_kill: afterCrash.report.length,
      in_history_api_after_kill: afterCrash.history.length,
      stored_after_restart: afterRestart.stored,
      recover_ms: recoveredMs,
    });
  }, 120_000);
});
