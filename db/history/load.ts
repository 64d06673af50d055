import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { notesDocumentName, sessionDocumentName } from '../../protocol/documents.ts';
import type { SessionEventRecord } from '../../protocol/events.ts';
import type { HistoryCheckpoint, SessionHistory } from '../../protocol/history-format.ts';
import type { Database } from '../client.ts';
import { interviewSessions, sessionEvents, yjsCheckpoints, yjsUpdates } from '../schema/index.ts';
import { loadDocumentState } from './document-state.ts';

export interface LoadHistoryOptions {
  /**
   * `needed` (default): only the checkpoint a replay must start from — none
   * when the update log is complete from seq 1, else the one just before its
   * first update. `all`: every checkpoint (each is a full state, so this can
   * be many megabytes for a long session).
   */
  checkpoints?: 'needed' | 'all';
}

/**
 * Reads one session's history rows — the update log of `session/<id>` in seq
 * order, its checkpoints, the session events in (at, seq) order and the state
 * of `notes/<id>` — into the history format's structure. Null when there is
 * no such session. Authorization is the caller's job.
 */
export async function loadSessionHistory(
  db: Database,
  sessionId: string,
  options: LoadHistoryOptions = {},
): Promise<SessionHistory | null> {
  const [session] = await db
    .select({ startedAt: interviewSessions.startedAt, endedAt: interviewSessions.endedAt })
    .from(interviewSessions)
    .where(eq(interviewSessions.id, sessionId));
  if (!session) return null;
  const documentName = sessionDocumentName(sessionId);
  const [updates, events, notes] = await Promise.all([
    db
      .select({
        seq: yjsUpdates.seq,
        at: yjsUpdates.at,
        origin: yjsUpdates.origin,
        senderRole: yjsUpdates.senderRole,
        senderId: yjsUpdates.senderId,
        clientId: yjsUpdates.clientId,
        bytes: yjsUpdates.update,
      })
      .from(yjsUpdates)
      .where(eq(yjsUpdates.documentName, documentName))
      .orderBy(asc(yjsUpdates.seq)),
    db
      .select()
      .from(sessionEvents)
      .where(eq(sessionEvents.sessionId, sessionId))
      .orderBy(asc(sessionEvents.at), asc(sessionEvents.seq)),
    // Notes as the log holds them: the stored state lags it after a crash.
    loadDocumentState(db, notesDocumentName(sessionId)),
  ]);
  const firstSeq = updates[0]?.seq ?? null;
  return {
    meta: {
      sessionId,
      documentName,
      startedAt: session.startedAt.getTime(),
      endedAt: session.endedAt?.getTime() ?? null,
    },
    updates: updates.map((u) => ({ ...u, at: u.at.getTime() })),
    checkpoints: await loadCheckpoints(db, documentName, firstSeq, options.checkpoints ?? 'needed'),
    events: events.map(
      (e): SessionEventRecord => ({
        seq: e.seq,
        at: e.at.getTime(),
        type: e.type as SessionEventRecord['type'],
        source: e.source === 'client' ? 'client' : 'server',
        data: e.data,
      }),
    ),
    notes,
  };
}

async function loadCheckpoints(
  db: Database,
  documentName: string,
  firstSeq: number | null,
  which: 'needed' | 'all',
): Promise<HistoryCheckpoint[]> {
  const columns = { seq: yjsCheckpoints.seq, at: yjsCheckpoints.at, state: yjsCheckpoints.state };
  const ofDocument = eq(yjsCheckpoints.documentName, documentName);
  let rows: Array<{ seq: number; at: Date; state: Uint8Array }>;
  if (which === 'all') {
    rows = await db
      .select(columns)
      .from(yjsCheckpoints)
      .where(ofDocument)
      .orderBy(asc(yjsCheckpoints.seq));
  } else if (firstSeq === 1) {
    rows = [];
  } else {
    // A pruned log starts after the latest checkpoint before its first update;
    // an empty log replays from the latest checkpoint of all.
    const where =
      firstSeq === null ? ofDocument : and(ofDocument, lt(yjsCheckpoints.seq, firstSeq));
    rows = await db
      .select(columns)
      .from(yjsCheckpoints)
      .where(where)
      .orderBy(desc(yjsCheckpoints.seq))
      .limit(1);
  }
  return rows.map((c) => ({ seq: c.seq, at: c.at.getTime(), state: c.state }));
}
