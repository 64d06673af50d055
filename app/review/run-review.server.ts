import type Anthropic from '@anthropic-ai/sdk';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { loadSessionHistory } from '../../db/history/load.ts';
import {
  candidates,
  memberships,
  type StoredCitation,
  sessionEvents,
  users,
} from '../../db/schema/index.ts';
import { checkCitations, type Support, supportOf } from './citations.ts';
import { collectEvidence } from './evidence.ts';
import { buildReviewRequest } from './prompt.ts';
import { createRedactor } from './redact.ts';
import { askForReview, type ModelUsage, ReviewError } from './review-model.server.ts';
import { rubricOf } from './rubric.server.ts';
import {
  type InterviewerChatLine,
  interviewerChatOf,
  openSessionReplay,
} from './session-replay.ts';

/** What the review of one interview is made of. */
export interface ReviewTarget {
  sessionId: string;
  candidateId: string;
  /** The problem reviewed; null: the session's only one. */
  problemId: string | null;
}

export interface ScoredDimension {
  key: string;
  label: string;
  position: number;
  score: number;
  reasoning: string;
  citations: StoredCitation[];
  dropped: StoredCitation[];
  support: Support;
}

export interface ReviewOutcome {
  summary: string;
  rubric: Array<{ key: string; label: string; guidance: string }>;
  dimensions: ScoredDimension[];
  usage: ModelUsage;
}

/**
 * The interviewer–candidate chat of a session (issue 14's room stores each
 * line as a `chat_message` session event), oldest first.
 */
export async function loadInterviewerChat(
  db: Database,
  target: ReviewTarget,
): Promise<InterviewerChatLine[]> {
  const rows = await db
    .select({ at: sessionEvents.at, source: sessionEvents.source, data: sessionEvents.data })
    .from(sessionEvents)
    .where(
      and(eq(sessionEvents.sessionId, target.sessionId), eq(sessionEvents.type, 'chat_message')),
    )
    .orderBy(asc(sessionEvents.at), asc(sessionEvents.seq));
  return interviewerChatOf(
    rows.map((row, seq) => ({
      seq,
      at: row.at.getTime(),
      type: 'chat_message',
      source: row.source === 'server' ? 'server' : 'client',
      data: row.data,
    })),
  );
}

/** Names of the organization's members: an interviewer may name a colleague in the chat or a note. */
async function memberNames(db: Database, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId));
  return rows.map((row) => row.name);
}

/** Reviews one interview: evidence from the replay, redacted; the model's answer, citations checked. */
export async function reviewInterview(
  db: Database,
  client: Anthropic,
  model: string,
  target: ReviewTarget,
): Promise<ReviewOutcome> {
  const [candidate] = await db
    .select({
      name: candidates.name,
      email: candidates.email,
      assessmentId: candidates.assessmentId,
      organizationId: candidates.organizationId,
    })
    .from(candidates)
    .where(eq(candidates.id, target.candidateId));
  const history = await loadSessionHistory(db, target.sessionId);
  if (!candidate || !history) {
    throw new ReviewError('REVIEW_BAD_ANSWER', 'The interview to review no longer exists.');
  }
  // The chat is in the history's events already (the same rows loadInterviewerChat reads).
  const replay = openSessionReplay(history);
  const redact = createRedactor({
    name: candidate.name,
    email: candidate.email,
    // Interviewers: the notes' and the chat's authors (whole names and their parts) …
    others: [
      ...new Set([
        ...replay.timeline.notes.map((note) => note.authorName),
        ...replay.interviewerChat
          .filter((line) => line.from === 'interviewer')
          .map((line) => line.authorName),
      ]),
    ].filter((name) => name.trim() !== ''),
    // … and every member of the organization, named in full.
    wholeOnly: await memberNames(db, candidate.organizationId),
  });
  const rubric = await rubricOf(db, candidate.assessmentId);
  const evidence = collectEvidence(replay, redact);
  const { review, usage } = await askForReview(client, buildReviewRequest(evidence, rubric, model));
  const dimensions: ScoredDimension[] = [];
  rubric.forEach((dimension, position) => {
    const answer = review.dimensions.find((d) => d.key === dimension.key);
    if (!answer) return;
    const check = checkCitations(
      replay,
      evidence,
      redact,
      answer.citations.map((c) => ({ t: c.t, quote: c.quote, path: c.path })),
    );
    dimensions.push({
      key: dimension.key,
      label: dimension.label,
      position,
      score: Math.round(answer.score * 10) / 10,
      reasoning: answer.reasoning,
      citations: check.kept,
      dropped: check.dropped,
      support: supportOf(check),
    });
  });
  if (dimensions.length === 0) {
    throw new ReviewError('REVIEW_BAD_ANSWER', 'The review scored no rubric dimension.', usage);
  }
  return { summary: review.summary, rubric, dimensions, usage };
}
