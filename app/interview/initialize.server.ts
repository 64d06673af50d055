import type { AppLoadContext } from '@remix-run/node';
import { and, eq } from 'drizzle-orm';
import { candidates, interviewSessions, sessionEvents } from '../../db/schema/index.ts';
import { previousFolderOf, problemIn } from '../../protocol/language-versions.ts';
import { pathInFolder } from '../../protocol/problem-sequence.ts';
import { LANGUAGE_LABELS, type Language, type ProblemFile } from '../../protocol/problems.ts';
import { buildFileTree, type FileNode } from './file-tree.ts';
import { allowedLanguages, chooseLanguage } from './language-choice.ts';
import { loadInterview, secondsRemaining } from './lookup.server.ts';
import { seedSessionDocument, storedDocumentPaths } from './session-document.server.ts';
import {
  insertSessionProblems,
  loadSessionProblems,
  plannedProblems,
} from './session-problems.server.ts';
import { declaredTestNames } from './test-names.ts';

/** The seed plan's initialize response (section 1.1), with the session id added. */
export interface InitializeResponse {
  resumed: boolean;
  candidate: {
    id: string;
    name: string;
    assessment: { title: string; duration: number; enableAI: boolean; enableTerminal: boolean };
  };
  currentQuestion: {
    id: string;
    title: string;
    description: string;
    difficulty: 'EASY' | 'MEDIUM' | 'HARD';
    starterCode: Array<{ fileName: string; content: string }>;
    testCases: Array<{ name: string; hidden: boolean }>;
    timeLimit: number;
    /** The language the candidate works in, and those they could have picked (decision 023). */
    language: Language;
    languages: Array<{ id: Language; label: string }>;
  };
  /** The session's problems in order (one for a single-problem assessment), and where each lives. */
  problems: SessionProblemSummary[];
  /** Position of the problem in `currentQuestion`. */
  currentProblem: number;
  session: { id: string; startTime: string; timeRemaining: number; status: 'ACTIVE' | 'PAUSED' };
  sandbox: {
    id: string | null;
    volumeId: string | null;
    status: 'ready' | 'starting' | 'unavailable';
  };
  files: FileNode[];
}

/** One problem of the session as the candidate's workspace lists it. */
export interface SessionProblemSummary {
  position: number;
  id: string;
  title: string;
  difficulty: 'EASY' | 'MEDIUM' | 'HARD';
  /** Folder of its files in the workspace ('' is the root). */
  folder: string;
  done: boolean;
}

export type InitializeOutcome =
  | { kind: 'ready'; response: InitializeResponse }
  | { kind: 'closed'; status: 'COMPLETED' | 'EXPIRED'; sessionId: string | null }
  | { kind: 'error'; status: number; code: string; message: string };

/** Files the candidate starts with: starter code, visible tests and the problem statement. */
export function workspaceFiles(problem: {
  title: string;
  description: string;
  starterFiles: ProblemFile[];
  visibleTests: ProblemFile[];
}): ProblemFile[] {
  return [
    ...problem.starterFiles,
    ...problem.visibleTests,
    { path: 'README.md', content: `# ${problem.title}\n\n${problem.description}\n` },
  ];
}

/**
 * Creates or resumes a candidate's interview session (seed plan 1.1). The first
 * call starts the clock, seeds the session document and starts the sandbox;
 * later calls resume with the true time remaining. A submitted or expired
 * session answers with its status instead of a new session.
 */
export async function initializeInterview(
  context: AppLoadContext,
  candidateId: string,
  options: {
    startSandbox?: (sessionId: string, organizationId: string) => Promise<{ sandboxId: string }>;
    /** The language the candidate picked before starting; ignored unless the assessment allows it. */
    language?: unknown;
  } = {},
): Promise<InitializeOutcome> {
  const db = context.services.database.db;
  const interview = await loadInterview(db, candidateId);
  if (!interview)
    return { kind: 'error', status: 404, code: 'NOT_FOUND', message: 'Interview not found.' };
  const { candidate, assessment } = interview;
  let problem = interview.problem;
  if (candidate.status === 'COMPLETED' || candidate.status === 'EXPIRED') {
    return { kind: 'closed', status: candidate.status, sessionId: interview.session?.id ?? null };
  }
  if (!problem) {
    return {
      kind: 'error',
      status: 409,
      code: 'NO_PROBLEM',
      message: 'This assessment has no problem yet; ask the hiring team to add one.',
    };
  }

  const allowed = allowedLanguages(assessment.languages, problem);
  let session = interview.session;
  let resumed = true;
  if (!session) {
    const language = chooseLanguage(options.language, allowed);
    const now = new Date();
    const planned = await plannedProblems(db, assessment.id, candidate.problemId);
    if (planned.length === 0) {
      return {
        kind: 'error',
        status: 409,
        code: 'NO_PROBLEM',
        message: 'This assessment has no problem yet; ask the hiring team to add one.',
      };
    }
    const inserted = await db
      .insert(interviewSessions)
      .values({
        candidateId: candidate.id,
        organizationId: candidate.organizationId,
        problemId: planned[0]!.problem.id,
        language,
        status: 'ACTIVE',
        startedAt: now,
        deadlineAt: new Date(now.getTime() + assessment.durationMinutes * 60_000),
      })
      .onConflictDoNothing()
      .returning();
    resumed = inserted.length === 0;
    const [row] = resumed
      ? await db
          .select()
          .from(interviewSessions)
          .where(eq(interviewSessions.candidateId, candidate.id))
      : inserted;
    if (!row) throw new Error('interview session vanished while starting');
    session = row;
    if (!resumed) {
      await insertSessionProblems(db, session.id, planned, now);
      const first = planned[0]!.problem;
      const language = session.language ?? first.language;
      // The first problem's files, in its folder (decision 021), in the
      // candidate's language when the problem offers it (decision 023). A
      // later problem's files join the document when the candidate reaches
      // it (decision 027): nothing of it is in their document before.
      await seedSessionDocument(
        db,
        session.id,
        planned.slice(0, 1).flatMap((entry) => {
          const inLanguage = problemIn(entry.problem, language) ?? entry.problem;
          return workspaceFiles({ ...entry.problem, ...inLanguage }).map((file) => ({
            ...file,
            path: pathInFolder(entry.folder, file.path),
          }));
        }),
        { problemId: first.id, title: first.title, language },
        [previousFolderOf(planned[0]!.folder)],
      );
      await db
        .update(candidates)
        .set({ status: 'IN_PROGRESS', startedAt: now })
        .where(and(eq(candidates.id, candidate.id), eq(candidates.status, 'INVITED')));
    }
  }
  if (session.status === 'COMPLETED' || session.status === 'EXPIRED') {
    return { kind: 'closed', status: session.status, sessionId: session.id };
  }

  const sessionProblems = await loadSessionProblems(db, session);
  const current =
    sessionProblems.find((entry) => entry.position === session.currentProblem) ??
    sessionProblems[0];
  if (!current) throw new Error('interview session has no problem');
  problem = current.problem;

  await db.insert(sessionEvents).values({
    sessionId: session.id,
    at: new Date(),
    type: resumed ? 'session_resumed' : 'session_started',
    source: 'server',
    data: {},
  });

  let sandbox: InitializeResponse['sandbox'] = {
    id: session.sandboxId,
    volumeId: session.sandboxId,
    status: session.sandboxId ? 'ready' : 'unavailable',
  };
  if (options.startSandbox) {
    try {
      const started = await options.startSandbox(session.id, session.organizationId);
      if (started.sandboxId !== session.sandboxId) {
        await db
          .update(interviewSessions)
          .set({ sandboxId: started.sandboxId })
          .where(eq(interviewSessions.id, session.id));
      }
      sandbox = { id: started.sandboxId, volumeId: started.sandboxId, status: 'ready' };
    } catch (error) {
      context.services.logger.warn({ err: error, sessionId: session.id }, 'sandbox did not start');
      sandbox = { id: null, volumeId: null, status: 'unavailable' };
    }
  }

  const paths = await storedDocumentPaths(db, session.id);
  const language = session.language ?? problem.language;
  const inLanguage = problemIn(problem, language) ?? { ...problem, language };
  const hiddenCount = problem.grading?.cases?.length ?? 0;
  return {
    kind: 'ready',
    response: {
      resumed,
      candidate: {
        id: candidate.id,
        name: candidate.name,
        assessment: {
          title: assessment.title,
          duration: assessment.durationMinutes,
          enableAI: assessment.enableAI,
          enableTerminal: assessment.enableTerminal,
        },
      },
      currentQuestion: {
        id: problem.id,
        title: problem.title,
        description: problem.description,
        difficulty: problem.difficulty,
        starterCode: inLanguage.starterFiles.map((file) => ({
          fileName: file.path,
          content: file.content,
        })),
        // Hidden tests are counted, never named: their names can give them away.
        testCases: [
          ...declaredTestNames(inLanguage.visibleTests).map((name) => ({ name, hidden: false })),
          ...Array.from({ length: hiddenCount }, (_, i) => ({
            name: `Hidden test ${i + 1}`,
            hidden: true,
          })),
        ],
        timeLimit: problem.estimatedMinutes,
        language,
        languages: allowed.map((id) => ({ id, label: LANGUAGE_LABELS[id] })),
      },
      problems: sessionProblems.map((entry) => ({
        position: entry.position,
        id: entry.problem.id,
        title: entry.problem.title,
        difficulty: entry.problem.difficulty,
        folder: entry.folder,
        done: entry.submittedAt !== null,
      })),
      currentProblem: current.position,
      session: {
        id: session.id,
        startTime: session.startedAt.toISOString(),
        timeRemaining: secondsRemaining(session.deadlineAt),
        status: session.status === 'PAUSED' ? 'PAUSED' : 'ACTIVE',
      },
      sandbox,
      files: buildFileTree(paths),
    },
  };
}
