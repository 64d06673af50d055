import { useFetcher, useRevalidator } from '@remix-run/react';
import { useEffect, useState } from 'react';

interface ActionReply {
  error?: { code: string; message: string };
  emailStatus?: string;
  ended?: boolean;
}

const sentNotice: Record<string, string> = {
  sent: 'A new link was e-mailed; the old one no longer works.',
  outbox: 'A new link is in the outbox (e-mail is not configured); the old one no longer works.',
  failed: 'The e-mail failed; the new link is in the outbox. The old one no longer works.',
};

/** The hiring team's controls for a started interview: pause/resume, more time, end, new link. */
export function TeamActions(props: { candidateId: string; status: string }) {
  const fetcher = useFetcher<ActionReply>();
  const revalidator = useRevalidator();
  const [minutes, setMinutes] = useState('10');
  const busy = fetcher.state !== 'idle';
  const reply = fetcher.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh the page's facts after each action
  useEffect(() => {
    if (fetcher.state === 'idle' && reply && !reply.error) revalidator.revalidate();
  }, [fetcher.state, reply]);
  const post = (action: string, extra: Record<string, string> = {}) =>
    fetcher.submit(
      { action, ...extra },
      { method: 'post', action: `/api/candidates/${props.candidateId}/actions` },
    );
  const paused = props.status === 'PAUSED';
  return (
    <section className="card team-actions" aria-label="Interview controls">
      <div className="row">
        <button type="button" disabled={busy} onClick={() => post(paused ? 'resume' : 'pause')}>
          {paused ? 'Resume timer' : 'Pause timer'}
        </button>
        <label className="row">
          <span className="visually-hidden">Minutes to add</span>
          <input
            type="number"
            min={1}
            max={240}
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
            style={{ width: '5em' }}
          />
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => post('extend', { minutes })}
          >
            Add minutes
          </button>
        </label>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => post('new-link')}
        >
          New link
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm('End this interview now? It is submitted and graded as it is.'))
              post('end');
          }}
        >
          End now
        </button>
      </div>
      {reply?.error ? (
        <p className="form-error" role="alert">
          {reply.error.message}
        </p>
      ) : reply?.emailStatus ? (
        <p className="muted small" role="status">
          {sentNotice[reply.emailStatus]}
        </p>
      ) : null}
    </section>
  );
}
