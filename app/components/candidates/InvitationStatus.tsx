import { useFetcher } from '@remix-run/react';
import type { InvitationResult } from '#app/assessments/invitation-intents.server.ts';
import { CopyLink } from '../ui/CopyLink.tsx';
import { LocalTime } from '../ui/LocalTime.tsx';

/**
 * An invited candidate who has not started: when they were invited, when the
 * link expires (or that it expired or was revoked), and what the team can do
 * about it — send a new link (shown with "Copy link") or revoke this one.
 */
export function InvitationStatus(props: {
  candidateId: string;
  invitedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  canManage: boolean;
}) {
  const fetcher = useFetcher<InvitationResult>();
  const busy = fetcher.state !== 'idle';
  const expired = props.expiresAt !== null && new Date(props.expiresAt).getTime() < Date.now();
  return (
    <section className="card invitation-status" aria-labelledby="invitation-heading">
      <h2 id="invitation-heading">Invitation</h2>
      <p>
        Invited <LocalTime value={props.invitedAt} />.{' '}
        {props.revokedAt ? (
          <>
            Revoked <LocalTime value={props.revokedAt} />: the link no longer works.
          </>
        ) : props.expiresAt ? (
          expired ? (
            <>
              The link expired <LocalTime value={props.expiresAt} />.
            </>
          ) : (
            <>
              The link expires <LocalTime value={props.expiresAt} />.
            </>
          )
        ) : null}
      </p>
      {props.canManage ? (
        <fetcher.Form method="post" action="/invitations" className="row">
          <input type="hidden" name="candidateId" value={props.candidateId} />
          <button type="submit" name="intent" value="resend" disabled={busy}>
            {props.revokedAt || expired ? 'Send a new link' : 'Resend with a new link'}
          </button>
          {props.revokedAt ? null : (
            <button
              type="submit"
              name="intent"
              value="revoke"
              className="secondary"
              disabled={busy}
            >
              Revoke the link
            </button>
          )}
        </fetcher.Form>
      ) : null}
      {fetcher.state === 'idle' && fetcher.data?.notice ? (
        <div className="form-ok" role="status">
          <p>{fetcher.data.notice}</p>
          {fetcher.data.link ? <CopyLink link={fetcher.data.link} /> : null}
        </div>
      ) : null}
      {fetcher.state === 'idle' && fetcher.data?.errors?.form ? (
        <p className="form-error" role="alert">
          {fetcher.data.errors.form}
        </p>
      ) : null}
    </section>
  );
}
