import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  assessments,
  candidates,
  interviewSessions,
  organizations,
} from '../../db/schema/index.ts';
import { hashInviteToken } from '../../protocol/invite-token.ts';

/**
 * - valid: not started; Start begins the interview.
 * - resume-link: started, and this is a link the team issued that nobody used
 *   yet: it resumes the session once, no code needed.
 * - resume-code: started, link already used: another browser proves it is the
 *   candidate with a one-time code e-mailed to the invited address.
 * - ended: the interview is over; the link opens nothing any more.
 */
export type InvitationState =
  | 'valid'
  | 'resume-link'
  | 'resume-code'
  | 'ended'
  | 'used'
  | 'expired'
  | 'revoked'
  | 'unknown';

export interface InvitationView {
  state: InvitationState;
  candidateId: string | null;
  candidateName: string;
  organizationName: string;
  assessment: {
    title: string;
    durationMinutes: number;
    enableAI: boolean;
    enableTerminal: boolean;
  } | null;
}

/** What an invitation link points at, and whether it can still be used. */
export async function inspectInvitation(db: Database, token: string): Promise<InvitationView> {
  const [row] = await db
    .select({
      candidate: candidates,
      assessment: assessments,
      organizationName: organizations.name,
      sessionStatus: interviewSessions.status,
    })
    .from(candidates)
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .innerJoin(organizations, eq(organizations.id, candidates.organizationId))
    .leftJoin(interviewSessions, eq(interviewSessions.candidateId, candidates.id))
    .where(eq(candidates.inviteTokenHash, hashInviteToken(token)));
  if (!row) {
    return {
      state: 'unknown',
      candidateId: null,
      candidateName: '',
      organizationName: '',
      assessment: null,
    };
  }
  const { candidate } = row;
  // The deadline watcher may already have marked a lapsed invitation EXPIRED.
  const lapsed =
    candidate.status === 'EXPIRED' ||
    (candidate.inviteExpiresAt !== null && candidate.inviteExpiresAt.getTime() <= Date.now());
  const state = invitationState(candidate, row.sessionStatus, lapsed);
  return {
    state,
    candidateId: candidate.id,
    candidateName: candidate.name,
    organizationName: row.organizationName,
    assessment: {
      title: row.assessment.title,
      durationMinutes: row.assessment.durationMinutes,
      enableAI: row.assessment.enableAI,
      enableTerminal: row.assessment.enableTerminal,
    },
  };
}

function invitationState(
  candidate: typeof candidates.$inferSelect,
  sessionStatus: string | null,
  lapsed: boolean,
): InvitationState {
  if (candidate.inviteRevokedAt) return 'revoked';
  if (sessionStatus === 'COMPLETED' || sessionStatus === 'EXPIRED') return 'ended';
  if (candidate.inviteExpiresAt !== null && candidate.inviteExpiresAt.getTime() <= Date.now()) {
    return 'expired';
  }
  if (sessionStatus === 'ACTIVE' || sessionStatus === 'PAUSED') {
    return candidate.inviteUsedAt ? 'resume-code' : 'resume-link';
  }
  if (candidate.inviteUsedAt || (candidate.status !== 'INVITED' && candidate.status !== 'EXPIRED'))
    return 'used';
  return lapsed ? 'expired' : 'valid';
}

/**
 * Uses a link the team issued for a started interview, once: the candidate
 * id when it resumes an open session, null otherwise.
 */
export function consumeResumeLink(db: Database, token: string): Promise<string | null> {
  return spendLinkOnce(db, token, 'IN_PROGRESS');
}

/**
 * Uses an invitation once: a single conditional update, so two tabs or two
 * people racing on the same link cannot both get in. Returns the candidate id,
 * or null when the link is unknown, used, revoked or expired.
 */
export function consumeInvitation(db: Database, token: string): Promise<string | null> {
  return spendLinkOnce(db, token, 'INVITED');
}

/** Marks a live link of a candidate in `status` used, in one conditional update. */
async function spendLinkOnce(
  db: Database,
  token: string,
  status: 'INVITED' | 'IN_PROGRESS',
): Promise<string | null> {
  const now = new Date();
  const [row] = await db
    .update(candidates)
    .set({ inviteUsedAt: now })
    .where(
      and(
        eq(candidates.inviteTokenHash, hashInviteToken(token)),
        isNull(candidates.inviteUsedAt),
        isNull(candidates.inviteRevokedAt),
        eq(candidates.status, status),
        gt(candidates.inviteExpiresAt, now),
      ),
    )
    .returning({ id: candidates.id });
  return row?.id ?? null;
}
