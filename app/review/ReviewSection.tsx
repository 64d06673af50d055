import { useFetcher } from '@remix-run/react';
import { useEffect } from 'react';
import { ReviewDimension } from './ReviewDimension.tsx';
import type { ReviewSectionData } from './section-data.ts';

const POLL_MS = 3000;

const CSS = `
.review-dimensions { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
.review-dimension { border: 1px solid var(--border, #ddd); border-radius: 8px; padding: 0.75rem; }
.review-dimension.support-less-supported { border-left: 4px solid #d97706; }
.review-dimension.support-unsupported { border-left: 4px solid #b91c1c; }
.review-dimension-head { display: flex; gap: 0.75rem; align-items: baseline; flex-wrap: wrap; }
.review-score { font-size: 1.2rem; font-weight: 600; }
.review-support-less-supported { background: #fef3c7; color: #92400e; }
.review-support-unsupported { background: #fee2e2; color: #991b1b; }
.review-decision { margin-left: auto; font-size: 0.9rem; }
.decision-accepted, .decision-changed { color: #4ade80; }
.decision-rejected { color: #f87171; }
.review-citations { margin: 0.25rem 0; padding-left: 1.1rem; }
.review-citations q { font-family: ui-monospace, monospace; font-size: 0.85rem; }
.review-actions { gap: 0.5rem; align-items: center; margin-top: 0.5rem; }
.review-actions input[type=number] { width: 4.5rem; }
`;

const usd = (value: number) =>
  `$${value < 0.01 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;

/**
 * The candidate page's AI review: a first read of the session, each score
 * with reasoning and citations that open the replay at their instant, and the
 * reviewer's accept / change / reject. Polls while the review is being made.
 */
export function ReviewSection(props: {
  candidateId: string;
  review: ReviewSectionData;
  canDecide: boolean;
}) {
  const poll = useFetcher<ReviewSectionData>();
  const review = poll.data ?? props.review;
  const pending = review.status === 'queued' || review.status === 'running';
  const { load } = poll;
  useEffect(() => {
    if (!pending || !review.enabled) return;
    const timer = setInterval(() => load(`/api/candidates/${props.candidateId}/review`), POLL_MS);
    return () => clearInterval(timer);
  }, [pending, review.enabled, load, props.candidateId]);
  return (
    <section className="card review" aria-labelledby="ai-review-title">
      <style>{CSS}</style>
      <h2 id="ai-review-title">AI review</h2>
      <ReviewBody review={review} candidateId={props.candidateId} canDecide={props.canDecide} />
    </section>
  );
}

function ReviewBody(props: { candidateId: string; review: ReviewSectionData; canDecide: boolean }) {
  const { review } = props;
  if (review.status === 'done') {
    return (
      <>
        <p>{review.summary}</p>
        {review.weightedScore !== null ? (
          <p className="review-weighted">
            <strong>{`Weighted score ${review.weightedScore.toFixed(1)} / 5`}</strong>{' '}
            <span className="muted small">
              {`with the rubric this review was made with (${review.rubric
                .map((d) => `${d.label} ×${d.weight}`)
                .join(', ')}); rejected scores do not count`}
            </span>
          </p>
        ) : null}
        <p className="muted small">
          A first read by {review.model}, not a verdict: every score is yours to accept, change or
          reject. Citations open the replay at their instant.
        </p>
        <ul className="review-dimensions">
          {review.dimensions.map((dimension) => (
            <ReviewDimension
              key={dimension.key}
              candidateId={props.candidateId}
              dimension={dimension}
              canDecide={props.canDecide}
            />
          ))}
        </ul>
        <p className="muted small">
          {`${(review.inputTokens + review.outputTokens).toLocaleString()} tokens (${review.inputTokens.toLocaleString()} in, ${review.outputTokens.toLocaleString()} out) · ${usd(review.costUsd)}`}
          {review.latencyMs !== null ? ` · ${(review.latencyMs / 1000).toFixed(1)} s` : ''}
        </p>
      </>
    );
  }
  if (!review.enabled) {
    return (
      <p className="muted review-off">
        The AI review is off: no Anthropic API key is configured (ANTHROPIC_API_KEY). Submitted
        interviews are queued and reviewed once one is.
      </p>
    );
  }
  if (review.status === 'none') {
    return <p className="muted">The review is written once the interview is submitted.</p>;
  }
  if (review.status === 'failed') {
    return (
      <p className="form-error">
        The review failed after {review.attempts} attempts: {review.error}
      </p>
    );
  }
  return <p className="muted">The review is being written…</p>;
}
