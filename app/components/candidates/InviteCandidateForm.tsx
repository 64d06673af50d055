import { useFetcher } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import type { InvitationResult } from '#app/assessments/invitation-intents.server.ts';
import { CopyLink } from '../ui/CopyLink.tsx';
import { FieldError, fieldErrorProps } from '../ui/FieldError.tsx';

/**
 * Invites one candidate: name, e-mail and (from the candidates list) the
 * assessment. Posts without leaving the page; on success the form clears and
 * the new link is shown with "Copy link". Errors come from the server, next
 * to their field (no browser pop-ups: `noValidate`).
 */
export function InviteCandidateForm(props: {
  /** Where the invite intent is handled: the assessment's own page or /invitations. */
  action: string;
  /** Offered when the form is not on one assessment's page. */
  assessments?: Array<{ id: string; title: string }>;
  emailProvider: string;
}) {
  const fetcher = useFetcher<InvitationResult>();
  const form = useRef<HTMLFormElement>(null);
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const errors = result?.errors;
  useEffect(() => {
    if (result?.notice) form.current?.reset();
  }, [result]);
  return (
    <fetcher.Form ref={form} method="post" action={props.action} className="stack" noValidate>
      <input type="hidden" name="intent" value="invite" />
      {props.assessments ? (
        <label>
          Assessment
          <select name="assessmentId" {...fieldErrorProps('assessmentId', errors)}>
            {props.assessments.map((assessment) => (
              <option key={assessment.id} value={assessment.id}>
                {assessment.title}
              </option>
            ))}
          </select>
          <FieldError name="assessmentId" errors={errors} />
        </label>
      ) : null}
      <label>
        Name
        <input name="name" autoComplete="off" {...fieldErrorProps('name', errors)} />
        <FieldError name="name" errors={errors} />
      </label>
      <label>
        E-mail
        <input name="email" type="email" autoComplete="off" {...fieldErrorProps('email', errors)} />
        <FieldError name="email" errors={errors} />
      </label>
      <button type="submit" disabled={fetcher.state !== 'idle'}>
        {fetcher.state === 'idle' ? 'Send invitation' : 'Sending…'}
      </button>
      {result?.notice ? (
        <div className="form-ok" role="status">
          <p>{result.notice}</p>
          {result.link ? <CopyLink link={result.link} /> : null}
        </div>
      ) : null}
      <p className="muted small">
        {props.emailProvider === 'resend'
          ? 'Sent through Resend; every e-mail is also kept in the outbox.'
          : 'E-mail sending is not configured: copy the link above, or find it in the outbox.'}
      </p>
    </fetcher.Form>
  );
}
