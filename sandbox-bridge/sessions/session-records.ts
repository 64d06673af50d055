import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assessments, candidates, interviewSessions, problems } from '../../db/schema/index.ts';
import { type GradingSpec, gradingSpec } from '../../protocol/grading.ts';
import type { Language, ProblemFile } from '../../protocol/problems.ts';
import type { SessionStatus } from '../../protocol/sessions.ts';

/** What the bridge needs to know about an interview session. */
export interface SessionRecord {
  id: string;
  organizationId: string;
  status: SessionStatus;
  sandboxId: string | null;
  archiveKey: string | null;
  archiveBytes: number | null;
  archivedAt: Date | null;
  enableTerminal: boolean;
  problem: {
    id: string;
    language: Language;
    visibleTests: ProblemFile[];
    /** Only final grading reads it, in the bridge; expected values never enter a sandbox. */
    grading: GradingSpec | null;
  };
}

export async function findSessionRecord(
  db: Database,
  sessionId: string,
): Promise<SessionRecord | null> {
  const [row] = await db
    .select({
      id: interviewSessions.id,
      organizationId: interviewSessions.organizationId,
      status: interviewSessions.status,
      sandboxId: interviewSessions.sandboxId,
      archiveKey: interviewSessions.archiveKey,
      archiveBytes: interviewSessions.archiveBytes,
      archivedAt: interviewSessions.archivedAt,
      enableTerminal: assessments.enableTerminal,
      problemId: problems.id,
      language: problems.language,
      visibleTests: problems.visibleTests,
      grading: problems.grading,
    })
    .from(interviewSessions)
    .innerJoin(candidates, eq(candidates.id, interviewSessions.candidateId))
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .innerJoin(problems, eq(problems.id, interviewSessions.problemId))
    .where(eq(interviewSessions.id, sessionId));
  if (!row) return null;
  return {
    id: row.id,
    organizationId: row.organizationId,
    status: row.status,
    sandboxId: row.sandboxId,
    archiveKey: row.archiveKey,
    archiveBytes: row.archiveBytes,
    archivedAt: row.archivedAt,
    enableTerminal: row.enableTerminal,
    problem: {
      id: row.problemId,
      language: row.language,
      visibleTests: row.visibleTests,
      // Stored specs were validated when saved; parsing again applies defaults and refuses a damaged row.
      grading: row.grading ? gradingSpec.parse(row.grading) : null,
    },
  };
}

export async function saveSandboxId(db: Database, sessionId: string, sandboxId: string | null) {
  await db.update(interviewSessions).set({ sandboxId }).where(eq(interviewSessions.id, sessionId));
}

/** The lease a write is made under: it lands only while that lease is still current. */
export interface WriteFence {
  owner: string;
  generation: number;
}

/** Records the archive; with a fence, only while the lease holds (false otherwise). */
export async function saveArchive(
  db: Database,
  sessionId: string,
  archive: { key: string; bytes: number },
  fence?: WriteFence,
): Promise<boolean> {
  const leaseHeld = fence
    ? sql`exists (select 1 from session_leases where session_id = ${sessionId}
        and owner = ${fence.owner} and generation = ${fence.generation}::bigint and expires_at > now())`
    : sql`true`;
  const saved = await db
    .update(interviewSessions)
    .set({
      archiveKey: archive.key,
      archiveBytes: archive.bytes,
      archivedAt: new Date(),
      sandboxId: null,
    })
    .where(and(eq(interviewSessions.id, sessionId), leaseHeld))
    .returning({ id: interviewSessions.id });
  return saved.length > 0;
}
