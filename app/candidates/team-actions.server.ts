import type { AppLoadContext } from '@remix-run/node';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, candidates, interviewSessions } from '../../db/schema/index.ts';
import type { RoomEvent } from '../../protocol/room.ts';
import { freshInviteLink, sendInvite } from '../assessments/candidate-invitations.server.ts';
import type { MemberContext } from '../auth/guards.server.ts';
import { announceRoomEvent } from '../interview/room.server.ts';
import { submitInterview } from '../interview/submit.server.ts';
import { CodedError } from '../utils/coded-error.ts';

/** What the hiring team can do to a candidate who has started. */
export const TEAM_ACTIONS = ['new-link', 'extend', 'pause', 'resume', 'end'] as const;
export type TeamAction = (typeof TEAM_ACTIONS)[number];

export type TeamActionErrorCode = 'NOT_FOUND' | 'NOT_STARTED' | 'WRONG_STATE' | 'BAD_MINUTES';

/** A team action that cannot be done now; `code` says why. */
export class TeamActionError extends CodedError<TeamActionErrorCode> {
  /** Most team actions fail because the interview's state does not allow them: 409. */
  constructor(code: TeamActionErrorCode, message: string, status = 409) {
    super(code, message, status);
  }
}

export const MAX_EXTENSION_MINUTES = 240;

type SessionRow = typeof interviewSessions.$inferSelect;

async function sessionOf(context: AppLoadContext, member: MemberContext, candidateId: string) {
  const [row] = await context.services.database.db
    .select({ candidate: candidates, session: interviewSessions })
    .from(candidates)
    .leftJoin(interviewSessions, eq(interviewSessions.candidateId, candidates.id))
    .where(
      and(eq(candidates.id, candidateId), eq(candidates.organizationId, member.organization.id)),
    );
  if (!row) throw new TeamActionError('NOT_FOUND', 'Candidate not found.', 404);
  if (!row.session) throw new TeamActionError('NOT_STARTED', 'This candidate has not started.');
  return { candidate: row.candidate, session: row.session };
}

/** The candidate's session, which must still be open (ACTIVE or PAUSED). */
async function openSessionOf(context: AppLoadContext, member: MemberContext, candidateId: string) {
  const { session } = await sessionOf(context, member, candidateId);
  if (session.status !== 'ACTIVE' && session.status !== 'PAUSED') {
    throw new TeamActionError('WRONG_STATE', 'This interview is already over.');
  }
  return session;
}

async function audit(
  context: AppLoadContext,
  member: MemberContext,
  action: TeamAction,
  candidateId: string,
  data: Record<string, unknown>,
) {
  await context.services.database.db.insert(auditLog).values({
    organizationId: member.organization.id,
    actorId: member.user.id,
    action: `candidate.${action}`,
    targetType: 'candidate',
    targetId: candidateId,
    data,
  });
}

/** One conditional update of the session; null when its state did not allow it. */
async function updateSession(
  context: AppLoadContext,
  sessionId: string,
  status: 'ACTIVE' | 'PAUSED' | 'open',
  set: Partial<Record<keyof SessionRow, unknown>>,
): Promise<SessionRow | null> {
  const condition =
    status === 'open'
      ? sql`${interviewSessions.status} in ('ACTIVE', 'PAUSED')`
      : eq(interviewSessions.status, status);
  const [row] = await context.services.database.db
    .update(interviewSessions)
    .set(set as Partial<SessionRow>)
    .where(and(eq(interviewSessions.id, sessionId), condition))
    .returning();
  return row ?? null;
}

async function finish(
  context: AppLoadContext,
  member: MemberContext,
  action: TeamAction,
  event: RoomEvent,
  session: SessionRow,
  data: Record<string, unknown>,
) {
  await audit(context, member, action, session.candidateId, { sessionId: session.id, ...data });
  await announceRoomEvent(context, session, event, { by: member.user.name, ...data });
  return session;
}

/** Stops the clock: the deadline watcher leaves a PAUSED session alone. */
export async function pauseInterview(
  context: AppLoadContext,
  member: MemberContext,
  candidateId: string,
) {
  const { session } = await sessionOf(context, member, candidateId);
  const paused = await updateSession(context, session.id, 'ACTIVE', {
    status: 'PAUSED',
    pausedAt: sql`now()`,
  });
  if (!paused) throw new TeamActionError('WRONG_STATE', 'Only a running interview can be paused.');
  return finish(context, member, 'pause', 'session.paused', paused, {});
}

/**
 * Starts the clock again: the deadline moves by the time spent paused, which
 * is added to `pausedSeconds` (not counted in the candidate's duration).
 */
export async function resumeInterview(
  context: AppLoadContext,
  member: MemberContext,
  candidateId: string,
) {
  const { session } = await sessionOf(context, member, candidateId);
  const pausedFor = sql`(now() - ${interviewSessions.pausedAt})`;
  const resumed = await updateSession(context, session.id, 'PAUSED', {
    status: 'ACTIVE',
    deadlineAt: sql`${interviewSessions.deadlineAt} + ${pausedFor}`,
    pausedSeconds: sql`${interviewSessions.pausedSeconds} + round(extract(epoch from ${pausedFor}))::int`,
    pausedAt: null,
  });
  if (!resumed) throw new TeamActionError('WRONG_STATE', 'Only a paused interview can be resumed.');
  const pausedSeconds = resumed.pausedSeconds - session.pausedSeconds;
  return finish(context, member, 'resume', 'session.resumed', resumed, { pausedSeconds });
}

/** Gives the candidate more time (running or paused). */
export async function extendInterview(
  context: AppLoadContext,
  member: MemberContext,
  candidateId: string,
  minutes: number,
) {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_EXTENSION_MINUTES) {
    throw new TeamActionError(
      'BAD_MINUTES',
      `Extend by a whole number of minutes between 1 and ${MAX_EXTENSION_MINUTES}.`,
      400,
    );
  }
  const { session } = await sessionOf(context, member, candidateId);
  const extended = await updateSession(context, session.id, 'open', {
    deadlineAt: sql`${interviewSessions.deadlineAt} + make_interval(mins => ${minutes})`,
  });
  if (!extended) throw new TeamActionError('WRONG_STATE', 'This interview is already over.');
  return finish(context, member, 'extend', 'time.extended', extended, { minutes });
}

/** Ends the interview now: it is submitted and graded as if the candidate had. */
export async function endInterview(
  context: AppLoadContext,
  member: MemberContext,
  candidateId: string,
) {
  const session = await openSessionOf(context, member, candidateId);
  // A pause in progress counts as paused time up to now.
  await updateSession(context, session.id, 'PAUSED', {
    pausedSeconds: sql`${interviewSessions.pausedSeconds} + round(extract(epoch from (now() - ${interviewSessions.pausedAt})))::int`,
    pausedAt: null,
  });
  const outcome = await submitInterview(context, candidateId, 'admin', context.services.submission);
  if (!outcome || outcome.alreadySubmitted) {
    throw new TeamActionError('WRONG_STATE', 'This interview is already over.');
  }
  await audit(context, member, 'end', candidateId, { sessionId: session.id });
  return outcome;
}

/**
 * A new invitation link for a started candidate (another browser, a lost
 * e-mail): the old link stops working, and the new one resumes the session
 * once without a code — the team vouches for it.
 */
export async function issueNewLink(
  context: AppLoadContext,
  member: MemberContext,
  candidateId: string,
) {
  const session = await openSessionOf(context, member, candidateId);
  const { token, fields } = freshInviteLink();
  await context.services.database.db
    .update(candidates)
    .set(fields)
    .where(eq(candidates.id, candidateId));
  const emailStatus = await sendInvite(context, candidateId, token);
  await finish(context, member, 'new-link', 'link.reissued', session, { emailStatus });
  return { emailStatus };
}
