// Handed-in interviews written straight to the database, for the similarity
// tests: a candidate, an ended session and its history log as the
// collab-server writes it (the given files as `seed`, then the candidate's code).
import * as Y from 'yjs';
import type { Database } from '../../db/client.ts';
import { candidates, interviewSessions, yjsUpdates } from '../../db/schema/index.ts';
import { SESSION_DOC, sessionDocumentName } from '../../protocol/documents.ts';
import type { SessionStatus } from '../../protocol/sessions.ts';
import type { SourceFile } from './compare.ts';

export interface SubmissionFixture {
  organizationId: string;
  assessmentId: string;
  problemId: string;
  name: string;
  /** What the candidate was given, logged with origin `seed`. */
  given: SourceFile[];
  /** What the candidate wrote, logged with `origin` (default `typed`). */
  written: SourceFile[];
  origin?: string;
  status?: SessionStatus;
}

/** Inserts the candidate and their session; returns the candidate's id. */
export async function insertSubmission(db: Database, fixture: SubmissionFixture): Promise<string> {
  const [candidate] = await db
    .insert(candidates)
    .values({
      organizationId: fixture.organizationId,
      assessmentId: fixture.assessmentId,
      name: fixture.name,
      email: `${fixture.name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
      status: 'COMPLETED',
    })
    .returning();
  const [session] = await db
    .insert(interviewSessions)
    .values({
      candidateId: candidate!.id,
      organizationId: fixture.organizationId,
      problemId: fixture.problemId,
      status: fixture.status ?? 'COMPLETED',
      deadlineAt: new Date(Date.now() + 3_600_000),
      endedAt: new Date(),
    })
    .returning();
  const doc = new Y.Doc();
  const files = doc.getMap<Y.Text>(SESSION_DOC.files);
  const logged: { origin: string; update: Uint8Array }[] = [];
  let origin = 'seed';
  doc.on('update', (update: Uint8Array) => logged.push({ origin, update }));
  for (const file of fixture.given) files.set(file.path, new Y.Text(file.text));
  origin = fixture.origin ?? 'typed';
  for (const file of fixture.written) files.set(file.path, new Y.Text(file.text));
  await db.insert(yjsUpdates).values(
    logged.map((entry, i) => ({
      documentName: sessionDocumentName(session!.id),
      seq: i + 1,
      at: new Date(Date.now() + i),
      senderRole: entry.origin === 'seed' ? 'service' : 'candidate',
      senderId: entry.origin === 'seed' ? 'app' : candidate!.id,
      clientId: doc.clientID,
      origin: entry.origin,
      update: entry.update,
    })),
  );
  doc.destroy();
  return candidate!.id;
}
