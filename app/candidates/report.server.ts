import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { loadDocumentState } from '../../db/history/document-state.ts';
import {
  aiInteractions,
  archiveJobs,
  assessments,
  candidates,
  interviewSessions,
  problems,
  testResults,
  testRuns,
} from '../../db/schema/index.ts';
import { notesDocumentName } from '../../protocol/documents.ts';
import { loadSessionProblems } from '../interview/session-problems.server.ts';
import { readNotes } from '../replay/notes.ts';
import type { ProblemResult } from '../scoring/problem-results.ts';

/** Everything the candidate page shows, for one candidate of one organization. */
export async function loadCandidateReport(
  db: Database,
  organizationId: string,
  candidateId: string,
) {
  const [row] = await db
    .select({
      candidate: candidates,
      assessmentTitle: assessments.title,
      durationMinutes: assessments.durationMinutes,
      session: interviewSessions,
      problemTitle: problems.title,
      problemLanguage: problems.language,
      problemId: problems.id,
    })
    .from(candidates)
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .leftJoin(interviewSessions, eq(interviewSessions.candidateId, candidates.id))
    // The session's problem once started; before, the candidate's own variant (if any).
    .leftJoin(
      problems,
      eq(problems.id, sql`coalesce(${interviewSessions.problemId}, ${candidates.problemId})`),
    )
    .where(and(eq(candidates.id, candidateId), eq(candidates.organizationId, organizationId)));
  if (!row) return null;
  const sessionId = row.session?.id;
  if (!sessionId)
    return {
      ...row,
      problems: [] as ReportProblem[],
      finalResults: [],
      notes: [],
      archive: null,
      runs: [],
      ai: { turns: [], inputTokens: 0, outputTokens: 0 },
    };
  const [runs, turns, notesState, archiveJob] = await Promise.all([
    db
      .select()
      .from(testRuns)
      .where(eq(testRuns.sessionId, sessionId))
      .orderBy(asc(testRuns.startedAt)),
    db
      .select({
        id: aiInteractions.id,
        prompt: aiInteractions.prompt,
        inputTokens: aiInteractions.inputTokens,
        outputTokens: aiInteractions.outputTokens,
        latencyMs: aiInteractions.latencyMs,
        createdAt: aiInteractions.createdAt,
      })
      .from(aiInteractions)
      .where(eq(aiInteractions.sessionId, sessionId))
      .orderBy(asc(aiInteractions.createdAt)),
    // Notes as the log holds them: the stored state lags it after a crash.
    loadDocumentState(db, notesDocumentName(sessionId)),
    // The archive the submission owes (decision 016): the page says when it gave up.
    db
      .select({
        status: archiveJobs.status,
        attempts: archiveJobs.attempts,
        error: archiveJobs.error,
      })
      .from(archiveJobs)
      .where(eq(archiveJobs.sessionId, sessionId))
      .then(([job]) => job ?? null),
  ]);
  const sessionStart = row.session?.startedAt.getTime() ?? 0;
  const notes = readNotes(notesState, sessionStart).map((note) => ({
    id: note.id,
    authorName: note.authorName,
    sessionTimeMs: note.sessionTimeMs,
    text: note.text,
  }));
  // Each problem's last final grading (one per problem; decision 021).
  const finalRuns = new Map<number, string>();
  for (const run of runs) if (run.kind === 'final') finalRuns.set(run.problemPosition, run.id);
  const finalResults =
    finalRuns.size > 0
      ? await db
          .select({
            runId: testResults.runId,
            name: testResults.name,
            passed: testResults.passed,
            hidden: testResults.hidden,
            durationMs: testResults.durationMs,
            error: testResults.error,
            output: testResults.output,
          })
          .from(testResults)
          .where(inArray(testResults.runId, [...finalRuns.values()]))
          .orderBy(asc(testResults.index))
      : [];
  const positionOfRun = new Map([...finalRuns].map(([position, runId]) => [runId, position]));
  return {
    ...row,
    problems: reportProblems(
      row.session ? await loadSessionProblems(db, row.session) : [],
      (row.candidate.scoreDetails?.problems as ProblemResult[] | undefined) ?? [],
    ),
    finalResults: finalResults
      .map(({ runId, ...result }) => ({
        ...result,
        problemPosition: positionOfRun.get(runId) ?? 0,
        // Only a failure's output is worth showing; passing tests' prints are noise.
        output: result.passed ? null : result.output,
      }))
      .sort((a, b) => a.problemPosition - b.problemPosition),
    notes,
    archive: archiveJob,
    runs: runs.map((run) => ({
      id: run.id,
      kind: run.kind,
      problemPosition: run.problemPosition,
      status: run.status,
      passed: run.passed,
      total: run.total,
      startedAt: run.startedAt,
    })),
    ai: {
      turns,
      inputTokens: turns.reduce((sum, turn) => sum + turn.inputTokens, 0),
      outputTokens: turns.reduce((sum, turn) => sum + turn.outputTokens, 0),
    },
  };
}

/** One problem of the interview on the report: its place, title and, once scored, its result. */
export interface ReportProblem {
  position: number;
  title: string;
  result: ProblemResult | null;
}

function reportProblems(
  sessionProblems: Array<{ position: number; problem: { title: string } }>,
  results: ProblemResult[],
): ReportProblem[] {
  return sessionProblems.map((entry) => ({
    position: entry.position,
    title: entry.problem.title,
    result: results.find((result) => result.position === entry.position) ?? null,
  }));
}

/** The comparison of 2–4 candidates of one organization (unknown or foreign ids are left out). */
export async function loadComparison(db: Database, organizationId: string, ids: string[]) {
  const rows = await db
    .select({
      id: candidates.id,
      name: candidates.name,
      email: candidates.email,
      status: candidates.status,
      assessmentTitle: assessments.title,
      overallScore: candidates.overallScore,
      visiblePassRate: candidates.visiblePassRate,
      hiddenPassRate: candidates.hiddenPassRate,
      timeToFirstPassSeconds: candidates.timeToFirstPassSeconds,
      testRunCount: candidates.testRunCount,
      aiReliance: candidates.aiReliance,
      durationSeconds: candidates.durationSeconds,
      durationMinutes: assessments.durationMinutes,
      scoreDetails: candidates.scoreDetails,
    })
    .from(candidates)
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .where(and(eq(candidates.organizationId, organizationId), inArray(candidates.id, ids)));
  const sessionIds = await db
    .select({ candidateId: interviewSessions.candidateId, sessionId: interviewSessions.id })
    .from(interviewSessions)
    .where(
      inArray(
        interviewSessions.candidateId,
        rows.map((r) => r.id),
      ),
    );
  const aiTurns =
    sessionIds.length === 0
      ? []
      : await db
          .select({
            sessionId: aiInteractions.sessionId,
            turns: count(),
            tokens: sql<number>`coalesce(sum(${aiInteractions.inputTokens} + ${aiInteractions.outputTokens}), 0)::int`,
          })
          .from(aiInteractions)
          .where(
            inArray(
              aiInteractions.sessionId,
              sessionIds.map((s) => s.sessionId),
            ),
          )
          .groupBy(aiInteractions.sessionId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is (typeof rows)[number] => Boolean(r))
    .map(({ scoreDetails, ...candidate }) => {
      const sessionId = sessionIds.find((s) => s.candidateId === candidate.id)?.sessionId;
      const usage = aiTurns.find((a) => a.sessionId === sessionId);
      const results = (scoreDetails?.problems as ProblemResult[] | undefined) ?? [];
      return {
        ...candidate,
        aiTurns: usage?.turns ?? 0,
        aiTokens: usage?.tokens ?? 0,
        /** Each problem's score, for interviews with several (decision 021). */
        problems: results.map(({ position, title, score }) => ({ position, title, score })),
      };
    });
}

export type ComparedCandidate = Awaited<ReturnType<typeof loadComparison>>[number];

/** Radar dimensions, each 0–1 where higher is better. */
export function radarDimensions(candidate: ComparedCandidate) {
  const limit = candidate.durationMinutes * 60;
  return [
    { label: 'Visible tests', value: candidate.visiblePassRate ?? 0 },
    { label: 'Hidden tests', value: candidate.hiddenPassRate ?? 0 },
    {
      label: 'Speed',
      value:
        candidate.timeToFirstPassSeconds === null
          ? 0
          : Math.max(0, 1 - candidate.timeToFirstPassSeconds / limit),
    },
    { label: 'Independence', value: candidate.aiReliance === null ? 1 : 1 - candidate.aiReliance },
    { label: 'Overall', value: (candidate.overallScore ?? 0) / 100 },
  ];
}
