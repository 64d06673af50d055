import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import {
  assessments,
  candidates,
  interviewSessions,
  resumeCodes,
  sessionEvents,
} from '../../db/schema/index.ts';
import { resumeCodeEmail } from '../email/templates.ts';
import { CodedError } from '../utils/coded-error.ts';
import { inspectInvitation } from './invitations.server.ts';

/** How long a code works, how many wrong guesses burn it, how often one is sent. */
export const RESUME_CODE = {
  ttlMinutes: 10,
  maxFailedAttempts: 5,
  resendAfterSeconds: 30,
  maxPerHour: 5,
} as const;

export type ResumeCodeErrorCode =
  | 'NOT_RESUMABLE'
  | 'RESEND_TOO_SOON'
  | 'TOO_MANY_CODES'
  | 'NO_CODE'
  | 'BAD_CODE_FORMAT'
  | 'WRONG_CODE'
  | 'CODE_EXPIRED'
  | 'CODE_USED'
  | 'CODE_FOR_ANOTHER_INTERVIEW'
  | 'TOO_MANY_ATTEMPTS';

/** Why a code was not sent or not accepted; `code` is for programs, the message for people. */
export class ResumeCodeError extends CodedError<ResumeCodeErrorCode> {}

/** Codes are stored as an HMAC under the server's secret: the table alone reveals none. */
function hashCode(context: AppLoadContext, code: string): string {
  return createHmac('sha256', context.services.config.TANDEM_SECRET)
    .update(`resume-code:${code}`)
    .digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

async function resumableCandidate(context: AppLoadContext, token: string) {
  const view = await inspectInvitation(context.services.database.db, token);
  if (view.state !== 'resume-code' || !view.candidateId) {
    throw new ResumeCodeError(
      'NOT_RESUMABLE',
      'This link does not open an interview in progress.',
      409,
    );
  }
  return view.candidateId;
}

/**
 * E-mails a six-digit code to the invited address of the started candidate
 * this link belongs to (into the outbox when e-mail is not configured). At
 * most one every 30 seconds and five an hour; a new code replaces the others.
 */
export async function sendResumeCode(context: AppLoadContext, token: string) {
  const db = context.services.database.db;
  const candidateId = await resumableCandidate(context, token);
  const recent = await db
    .select({ createdAt: resumeCodes.createdAt })
    .from(resumeCodes)
    .where(
      and(
        eq(resumeCodes.candidateId, candidateId),
        gt(resumeCodes.createdAt, new Date(Date.now() - 3600_000)),
      ),
    )
    .orderBy(desc(resumeCodes.createdAt));
  if (recent.length >= RESUME_CODE.maxPerHour) {
    throw new ResumeCodeError(
      'TOO_MANY_CODES',
      'Too many codes this hour. Ask the hiring team for a new link.',
      429,
    );
  }
  const last = recent[0]?.createdAt.getTime() ?? 0;
  if (Date.now() - last < RESUME_CODE.resendAfterSeconds * 1000) {
    throw new ResumeCodeError(
      'RESEND_TOO_SOON',
      `A code was sent moments ago; wait ${RESUME_CODE.resendAfterSeconds} seconds before asking again.`,
      429,
    );
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  // One code at a time: asking again retires the earlier ones.
  await db
    .update(resumeCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(resumeCodes.candidateId, candidateId), isNull(resumeCodes.usedAt)));
  await db.insert(resumeCodes).values({
    candidateId,
    codeHash: hashCode(context, code),
    expiresAt: new Date(Date.now() + RESUME_CODE.ttlMinutes * 60_000),
  });
  const [row] = await db
    .select({ candidate: candidates, title: assessments.title })
    .from(candidates)
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .where(eq(candidates.id, candidateId));
  const sent = await context.services.mailer.send({
    to: row!.candidate.email,
    kind: 'resume-code',
    organizationId: row!.candidate.organizationId,
    ...resumeCodeEmail({
      candidateName: row!.candidate.name,
      assessmentTitle: row!.title,
      code,
      minutes: RESUME_CODE.ttlMinutes,
    }),
  });
  return { emailStatus: sent.status, to: maskEmail(row!.candidate.email) };
}

/** "ada@example.com" → "a••@example.com": enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}${'•'.repeat(Math.min(6, Math.max(2, at - 1)))}${email.slice(at)}`;
}

/**
 * Checks a code for the candidate this link belongs to and uses it: the
 * candidate id when it is right. Wrong guesses count against the code.
 */
export async function redeemResumeCode(
  context: AppLoadContext,
  token: string,
  input: string,
): Promise<string> {
  const db = context.services.database.db;
  const candidateId = await resumableCandidate(context, token);
  const code = input.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) {
    throw new ResumeCodeError('BAD_CODE_FORMAT', 'Enter the six digits from the e-mail.');
  }
  const hash = hashCode(context, code);
  const codes = await db
    .select()
    .from(resumeCodes)
    .where(eq(resumeCodes.candidateId, candidateId))
    .orderBy(desc(resumeCodes.createdAt))
    .limit(RESUME_CODE.maxPerHour * 4);
  const current = codes.find((row) => row.usedAt === null) ?? null;
  if (current && current.failedAttempts >= RESUME_CODE.maxFailedAttempts) {
    throw new ResumeCodeError(
      'TOO_MANY_ATTEMPTS',
      'Too many wrong codes. Ask for a new code.',
      429,
    );
  }
  if (current && sameHash(current.codeHash, hash)) {
    if (current.expiresAt.getTime() <= Date.now()) {
      throw new ResumeCodeError('CODE_EXPIRED', 'This code has expired. Ask for a new one.', 410);
    }
    const [used] = await db
      .update(resumeCodes)
      .set({ usedAt: new Date() })
      .where(and(eq(resumeCodes.id, current.id), isNull(resumeCodes.usedAt)))
      .returning({ id: resumeCodes.id });
    if (!used) throw new ResumeCodeError('CODE_USED', 'This code was already used.', 410);
    return candidateId;
  }
  if (current) {
    await db
      .update(resumeCodes)
      .set({ failedAttempts: sql`${resumeCodes.failedAttempts} + 1` })
      .where(eq(resumeCodes.id, current.id));
  }
  // Say why a code that is not the current one fails, when we can tell.
  if (codes.some((row) => row.usedAt !== null && sameHash(row.codeHash, hash))) {
    throw new ResumeCodeError('CODE_USED', 'This code was already used. Ask for a new one.', 410);
  }
  if (await belongsToAnotherCandidate(context, candidateId, hash)) {
    throw new ResumeCodeError(
      'CODE_FOR_ANOTHER_INTERVIEW',
      'This code belongs to another interview. Use the code sent for this invitation.',
    );
  }
  if (!current) throw new ResumeCodeError('NO_CODE', 'Ask for a code first.', 409);
  const left = RESUME_CODE.maxFailedAttempts - current.failedAttempts - 1;
  throw new ResumeCodeError(
    'WRONG_CODE',
    left > 0
      ? `That code is not right; ${left} ${left === 1 ? 'try' : 'tries'} left.`
      : 'That code is not right, and it no longer works. Ask for a new code.',
  );
}

async function belongsToAnotherCandidate(
  context: AppLoadContext,
  candidateId: string,
  hash: string,
): Promise<boolean> {
  const [row] = await context.services.database.db
    .select({ candidateId: resumeCodes.candidateId })
    .from(resumeCodes)
    .where(
      and(
        eq(resumeCodes.codeHash, hash),
        isNull(resumeCodes.usedAt),
        gt(resumeCodes.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return Boolean(row && row.candidateId !== candidateId);
}

/** Records in the session's event log that the candidate came back on another browser. */
export async function recordResume(
  context: AppLoadContext,
  candidateId: string,
  via: 'code' | 'team-link',
): Promise<void> {
  const db = context.services.database.db;
  const [session] = await db
    .select({ id: interviewSessions.id })
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidateId));
  if (!session) return;
  await db.insert(sessionEvents).values({
    sessionId: session.id,
    at: new Date(),
    type: 'session_resumed',
    data: { via, newBrowser: true },
  });
}
