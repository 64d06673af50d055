import { Link, useFetcher } from '@remix-run/react';
import { formatInstant, replayLink } from './instants.ts';
import type { ReviewDimensionView } from './section-data.ts';

const SUPPORT_LABEL = {
  supported: 'cited',
  'less-supported': 'less supported: some citations did not hold',
  unsupported: 'unsupported: no citation held',
} as const;

const DECISION_LABEL = {
  pending: 'Not reviewed yet',
  accepted: 'Accepted',
  changed: 'Changed',
  rejected: 'Rejected',
} as const;

/** One rubric dimension: the model's score, reasoning, citations into the replay, and the reviewer's decision. */
export function ReviewDimension(props: {
  candidateId: string;
  dimension: ReviewDimensionView;
  canDecide: boolean;
}) {
  const { dimension: d, candidateId } = props;
  const fetcher = useFetcher<{ error?: { message: string } }>();
  const action = `/api/candidates/${candidateId}/review`;
  const busy = fetcher.state !== 'idle';
  return (
    <li className={`review-dimension support-${d.support}`} data-dimension={d.key}>
      <div className="review-dimension-head">
        <strong>{d.label}</strong>
        <span className="review-score" title="The model's score">
          {d.modelScore} / 5
        </span>
        <span className={`badge review-support-${d.support}`}>{SUPPORT_LABEL[d.support]}</span>
        <span className={`review-decision decision-${d.decision}`}>
          {DECISION_LABEL[d.decision]}
          {d.decision !== 'pending' && d.decision !== 'rejected' ? `: ${d.finalScore} / 5` : ''}
          {d.decidedBy ? ` by ${d.decidedBy}` : ''}
        </span>
      </div>
      <p>{d.reasoning}</p>
      {d.citations.length > 0 ? (
        <ul className="review-citations">
          {d.citations.map((c) => (
            <li key={`${c.t}-${c.quote}`}>
              <Link to={replayLink(candidateId, c.t)} className="note-time">
                {formatInstant(c.t)}
              </Link>{' '}
              {c.path ? <span className="muted small">{c.path}</span> : null} <q>{c.quote}</q>
            </li>
          ))}
        </ul>
      ) : null}
      {d.dropped.length > 0 ? (
        <details className="review-dropped">
          <summary className="muted small">
            {d.dropped.length === 1
              ? '1 citation dropped'
              : `${d.dropped.length} citations dropped`}
          </summary>
          <ul>
            {d.dropped.map((c) => (
              <li key={`${c.t}-${c.quote}`} className="small">
                <q>{c.quote}</q> at {Number.isFinite(c.t) ? formatInstant(c.t) : String(c.t)} —{' '}
                {c.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {d.note ? <p className="muted small">Note: {d.note}</p> : null}
      {props.canDecide ? (
        <fetcher.Form method="post" action={action} className="review-actions row">
          <input type="hidden" name="dimension" value={d.key} />
          <button type="submit" name="action" value="accept" className="secondary" disabled={busy}>
            Accept {d.modelScore}
          </button>
          <label className="small">
            Score{' '}
            <input
              type="number"
              name="score"
              min={1}
              max={5}
              step={0.5}
              defaultValue={d.finalScore ?? d.modelScore}
              aria-label={`${d.label} score`}
            />
          </label>
          <button type="submit" name="action" value="change" className="secondary" disabled={busy}>
            Change
          </button>
          <button type="submit" name="action" value="reject" className="secondary" disabled={busy}>
            Reject
          </button>
          {fetcher.data?.error ? (
            <span className="form-error small">{fetcher.data.error.message}</span>
          ) : null}
        </fetcher.Form>
      ) : null}
    </li>
  );
}
