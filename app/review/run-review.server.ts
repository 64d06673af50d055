import type Anthropic from '@anthropic-ai/sdk';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { loadSessionHistory } from '../../db/history/load.ts';
import { candidates, type StoredCitation } from '../../db/schema/index.ts';
import { checkCitations, type Support, supportOf } from './citations.ts';
import { collectEvidence } from './evidence.ts';
import { buildReviewRequest } from './prompt.ts';
import { createRedactor } from './redact.ts';
import { askForReview, type ModelUsage, ReviewError } from './review-model.server.ts';
import { rubricOf } from './rubric.server.ts';
import { type InterviewerChatLine, openSessionReplay } from './session-replay.ts';

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
 * The interviewer–candidate chat of a session. Issue 14's room stores it;
 * until then there is none, and the evidence simply has no such instants.
 */
export async function loadInterviewerChat(
  _db: Database,
  _target: ReviewTarget,
): Promise<InterviewerChatLine[]> {
  return [];
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
    })
    .from(candidates)
    .where(eq(candidates.id, target.candidateId));
  const history = await loadSessionHistory(db, target.sessionId);
  if (!candidate || !history) {
    throw new ReviewError('REVIEW_BAD_ANSWER', 'The interview to review no longer exists.');
  }
  const replay = openSessionReplay(history, await loadInterviewerChat(db, target));
  const redact = createRedactor({
    name: candidate.name,
    email: candidate.email,
    others: [...new Set(replay.timeline.notes.map((note) => note.authorName))],
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
