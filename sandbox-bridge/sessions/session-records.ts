import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  assessments,
  candidates,
  interviewSessions,
  problems,
  sessionProblems,
} from '../../db/schema/index.ts';
import { type GradingSpec, gradingSpec } from '../../protocol/grading.ts';
import { gradingIn, problemIn } from '../../protocol/language-versions.ts';
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
  /** The session's first problem (its only one, for most sessions). */
  problem: SessionRecordProblem;
  /** Every problem of the session in order, each with its folder (decision 021). */
  problems: SessionRecordProblem[];
}

export interface SessionRecordProblem {
  id: string;
  position: number;
  /** Where its files live in the workspace; '' is the root. */
  folder: string;
  language: Language;
  visibleTests: ProblemFile[];
  /** Only final grading reads it, in the bridge; expected values never enter a sandbox. */
  grading: GradingSpec | null;
}

/** The problem at a position of a session, or null when the session has no such problem. */
export function problemAt(record: SessionRecord, position: number): SessionRecordProblem | null {
  return record.problems.find((problem) => problem.position === position) ?? null;
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
      sessionLanguage: interviewSessions.language,
      starterFiles: problems.starterFiles,
      visibleTests: problems.visibleTests,
      languageVersions: problems.languageVersions,
      grading: problems.grading,
    })
    .from(interviewSessions)
    .innerJoin(candidates, eq(candidates.id, interviewSessions.candidateId))
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .innerJoin(problems, eq(problems.id, interviewSessions.problemId))
    .where(eq(interviewSessions.id, sessionId));
  if (!row) return null;
  const listed = await db
    .select({
      position: sessionProblems.position,
      folder: sessionProblems.folder,
      problemId: problems.id,
      language: problems.language,
      starterFiles: problems.starterFiles,
      visibleTests: problems.visibleTests,
      languageVersions: problems.languageVersions,
      grading: problems.grading,
    })
    .from(sessionProblems)
    .innerJoin(problems, eq(problems.id, sessionProblems.problemId))
    .where(eq(sessionProblems.sessionId, sessionId))
    .orderBy(asc(sessionProblems.position));
  // Each problem in the candidate's language (decision 023) when it offers it, else its own.
  const toProblem = (entry: typeof row & { position: number; folder: string }) => {
    const problem = { ...entry, referenceSolution: null };
    const inLanguage =
      (row.sessionLanguage && problemIn(problem, row.sessionLanguage)) ||
      problemIn(problem, entry.language)!;
    return {
      id: entry.problemId,
      position: entry.position,
      folder: entry.folder,
      language: inLanguage.language,
      visibleTests: inLanguage.visibleTests,
      // Stored specs were validated when saved; parsing again applies defaults and refuses a damaged row.
      grading: entry.grading
        ? gradingSpec.parse(gradingIn(problem, entry.grading, inLanguage.language))
        : null,
    };
  };
  // A session started before several problems existed has one problem, at the root.
  const list =
    listed.length > 0
      ? listed.map((entry) => toProblem({ ...row, ...entry }))
      : [toProblem({ ...row, position: 0, folder: '' })];
  return {
    id: row.id,
    organizationId: row.organizationId,
    status: row.status,
    sandboxId: row.sandboxId,
    archiveKey: row.archiveKey,
    archiveBytes: row.archiveBytes,
    archivedAt: row.archivedAt,
    enableTerminal: row.enableTerminal,
    problem: list[0]!,
    problems: list,
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
