import { type AppLoadContext, redirect } from '@remix-run/node';
import { notesDocumentName, sessionDocumentName } from '../../protocol/documents.ts';
import { problemIn } from '../../protocol/language-versions.ts';
import { pathInFolder } from '../../protocol/problem-sequence.ts';
import { LANGUAGE_LABELS, type Language } from '../../protocol/problems.ts';
import { observerRoleFor } from '../../protocol/roles.ts';
import type { AiPolicy, RoomState } from '../../protocol/room.ts';
import { isSessionOpen, type SessionStatus } from '../../protocol/sessions.ts';
import { requireUser, roleInOrganization } from '../auth/guards.server.ts';
import { holdsCandidate } from './candidate-cookie.server.ts';
import { allowedLanguages } from './language-choice.ts';
import { type Interview, loadInterview } from './lookup.server.ts';
import { roomStateOf } from './room.server.ts';
import { mintSessionToken } from './session-tokens.server.ts';
import { declaredTestNames } from './test-names.ts';

/** What the interview and observer pages need to open the live workspace. */
export interface WorkspaceAccess {
  candidateId: string;
  candidateName: string;
  sessionId: string;
  role: 'candidate' | 'interviewer' | 'viewer';
  readOnly: boolean;
  user: { id: string; name: string };
  collab: { url: string; token: string; documentName: string; notesDocumentName: string | null };
  terminal: { url: string };
  session: { status: SessionStatus; startedAt: string; deadlineAt: string };
  /** The clock as the live room shows it; pushed changes replace it (protocol/room.ts). */
  room: RoomState;
  assessment: {
    title: string;
    durationMinutes: number;
    enableAI: boolean;
    aiPolicy: AiPolicy;
    enableTerminal: boolean;
    /** Interviewers may edit the code with the candidate (decision 027). */
    pairMode: boolean;
  };
  /**
   * Observers: whether this member may turn on "Edit with the candidate" now
   * (an interviewer or above, pair mode on, the session open); `collab.token`
   * is then a pair token when the page asked for one.
   */
  canPair: boolean;
  /** Whether `collab.token` is a pair token (writes the session). */
  pairing: boolean;
  problem: {
    title: string;
    description: string;
    language: string;
    difficulty: string;
    /** Names of the visible tests (hidden ones are never named). */
    visibleTestNames: string[];
  };
  /** Every problem of the session in order (decision 021); `problem` is the current one. */
  problems: SessionProblemView[];
  currentProblem: number;
  /** The candidate's language and those they may switch to (decision 023); one when fixed. */
  languages: Array<{ id: Language; label: string }>;
}

/** One problem of the session as the workspace shows it. */
export interface SessionProblemView {
  position: number;
  title: string;
  description: string;
  language: string;
  difficulty: string;
  visibleTestNames: string[];
  /** Its folder in the workspace ('' is the root). */
  folder: string;
  /** The file opened when the candidate moves to it. */
  mainFile: string;
  done: boolean;
}

const HOUR = 3600;

/** The starter file the candidate edits (not a go.mod beside it). */
function mainFileOf(problem: { starterFiles: Array<{ path: string }> }): string {
  const files = problem.starterFiles.map((file) => file.path);
  return files.find((path) => !/(^|\/)go\.mod$/.test(path)) ?? files[0] ?? 'README.md';
}

/** A problem as the candidate works on it: in the session's language when it offers it. */
function inLanguage<P extends Parameters<typeof problemIn>[0]>(
  problem: P,
  language: Language | null,
) {
  const resolved = language ? problemIn(problem, language) : null;
  return resolved ? { ...problem, ...resolved } : problem;
}

/**
 * The session's problems as the workspace shows them in `language` (the
 * session's): the page's first render, and the answer to a language switch,
 * which updates the page in place (decision 023).
 */
export function problemViews(
  sessionProblems: Interview['sessionProblems'],
  language: Language | null,
): SessionProblemView[] {
  return sessionProblems.map((entry) => {
    const problem = inLanguage(entry.problem, language);
    return {
      position: entry.position,
      title: problem.title,
      description: problem.description,
      language: problem.language,
      difficulty: problem.difficulty,
      visibleTestNames: declaredTestNames(problem.visibleTests),
      folder: entry.folder,
      mainFile: pathInFolder(entry.folder, mainFileOf(problem)),
      done: entry.submittedAt !== null,
    };
  });
}

function describe(
  interview: Interview,
  session: NonNullable<Interview['session']>,
  context: AppLoadContext,
) {
  const { config } = context.services;
  const first = interview.sessionProblems[0]?.problem ?? interview.problem;
  const languages = first
    ? allowedLanguages(interview.assessment.languages ?? [], first).map((id) => ({
        id,
        label: LANGUAGE_LABELS[id],
      }))
    : [];
  const current = interview.problem ? inLanguage(interview.problem, session.language) : null;
  return {
    candidateId: interview.candidate.id,
    candidateName: interview.candidate.name,
    sessionId: session.id,
    session: {
      status: session.status,
      startedAt: session.startedAt.toISOString(),
      deadlineAt: session.deadlineAt.toISOString(),
    },
    room: roomStateOf(session),
    assessment: {
      title: interview.assessment.title,
      durationMinutes: interview.assessment.durationMinutes,
      // Policy 'off' turns the assistant off like the switch does.
      enableAI: interview.assessment.enableAI && interview.assessment.aiPolicy !== 'off',
      aiPolicy: interview.assessment.aiPolicy,
      enableTerminal: interview.assessment.enableTerminal,
      pairMode: interview.assessment.pairMode,
    },
    problem: {
      title: interview.problem?.title ?? '',
      description: interview.problem?.description ?? '',
      language: current?.language ?? 'typescript',
      difficulty: interview.problem?.difficulty ?? 'MEDIUM',
      visibleTestNames: declaredTestNames(current?.visibleTests ?? []),
    },
    /** Every problem of the session in order (decision 021); one for most assessments. */
    problems: problemViews(interview.sessionProblems, session.language),
    languages,
    currentProblem: session.currentProblem,
    collabUrl: config.COLLAB_PUBLIC_URL,
    terminalBase: `${config.BRIDGE_PUBLIC_URL.replace(/\/$/, '')}/terminal/${session.id}`,
  };
}

/**
 * The candidate's own workspace: the signed candidate cookie must name this
 * candidate, and the session must have been started from the invitation.
 */
export async function requireCandidateWorkspace(
  request: Request,
  context: AppLoadContext,
  candidateId: string,
): Promise<WorkspaceAccess> {
  if (!(await holdsCandidate(request, context, candidateId))) {
    throw new Response('Open the interview from the invitation link you received by e-mail.', {
      status: 403,
    });
  }
  const interview = await loadInterview(context.services.database.db, candidateId);
  if (!interview) throw new Response('Interview not found.', { status: 404 });
  const session = interview.session;
  if (!session) throw redirect(`/interview/${candidateId}/start`);
  const base = describe(interview, session, context);
  const readOnly = !isSessionOpen(session.status);
  const ttl = Math.max(HOUR, (session.deadlineAt.getTime() - Date.now()) / 1000 + HOUR);
  const token = await mintSessionToken(
    context,
    {
      sessionId: session.id,
      organizationId: interview.candidate.organizationId,
      subject: interview.candidate.id,
      role: 'candidate',
      name: interview.candidate.name,
    },
    ttl,
  );
  return {
    ...base,
    role: 'candidate',
    canPair: false,
    pairing: false,
    readOnly,
    user: { id: interview.candidate.id, name: interview.candidate.name },
    collab: {
      url: base.collabUrl,
      token,
      documentName: sessionDocumentName(session.id),
      notesDocumentName: null,
    },
    terminal: { url: `${base.terminalBase}?token=${encodeURIComponent(token)}` },
  };
}

/**
 * An observer's view of a candidate's session: any member of the organization
 * that owns the candidate. Another organization's candidate answers 404.
 */
export async function requireObserverWorkspace(
  request: Request,
  context: AppLoadContext,
  candidateId: string,
  options: { pair?: boolean } = {},
): Promise<WorkspaceAccess> {
  const { user } = await requireUser(request, context);
  const interview = await loadInterview(context.services.database.db, candidateId);
  const memberRole = interview
    ? await roleInOrganization(context, user.id, interview.candidate.organizationId)
    : null;
  if (!interview || !memberRole) throw new Response('Candidate not found.', { status: 404 });
  const session = interview.session;
  if (!session) throw new Response('This candidate has not started yet.', { status: 409 });
  const base = describe(interview, session, context);
  const role = observerRoleFor(memberRole);
  // Pair mode (decision 027): the collab-server checks all of this again.
  const canPair =
    role === 'interviewer' && interview.assessment.pairMode && isSessionOpen(session.status);
  if (options.pair && !canPair) {
    throw new Response('You may not edit this session.', { status: 403 });
  }
  const pairing = options.pair === true;
  const token = await mintSessionToken(
    context,
    {
      sessionId: session.id,
      organizationId: interview.candidate.organizationId,
      subject: user.id,
      role,
      name: user.name,
      ...(pairing ? { pair: true } : {}),
    },
    // Short: a removed member's view ends at its next renewal (observer-token route).
    context.services.config.OBSERVER_TOKEN_TTL_SECONDS,
  );
  return {
    ...base,
    role,
    canPair,
    pairing,
    readOnly: !pairing,
    user: { id: user.id, name: user.name },
    collab: {
      url: base.collabUrl,
      token,
      documentName: sessionDocumentName(session.id),
      notesDocumentName: notesDocumentName(session.id),
    },
    terminal: { url: `${base.terminalBase}?token=${encodeURIComponent(token)}` },
  };
}
