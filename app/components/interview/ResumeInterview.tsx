import { Form, useActionData, useNavigation } from '@remix-run/react';

interface ResumeActionData {
  error?: { code: string; message: string };
  codeSent?: { emailStatus: string; to: string };
}

/**
 * The invitation page of an interview already in progress, opened on a
 * browser that does not hold it: continue with the team's fresh link, or
 * prove to be the candidate with a code e-mailed to the invited address.
 */
export function ResumeInterview(props: {
  state: 'resume-link' | 'resume-code';
  title: string;
  candidateName: string;
}) {
  const result = useActionData<ResumeActionData>();
  const busy = useNavigation().state !== 'idle';
  return (
    <main className="auth-page invite">
      <h1>{props.title}</h1>
      <p>
        Hi {props.candidateName}, your interview is in progress. The clock kept running while you
        were away.
      </p>
      {props.state === 'resume-link' ? (
        <Form method="post">
          <input type="hidden" name="intent" value="resume-link" />
          <button type="submit" disabled={busy}>
            Continue my interview here
          </button>
        </Form>
      ) : (
        <>
          <p>
            To continue on this browser, confirm it is you: we e-mail a six-digit code to the
            address your invitation was sent to.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="send-code" />
            <button type="submit" className="secondary" disabled={busy}>
              {result?.codeSent ? 'Send another code' : 'E-mail me a code'}
            </button>
          </Form>
          {result?.codeSent ? (
            <p className="muted" role="status">
              {`Code sent to ${result.codeSent.to}. It expires in 10 minutes.`}
            </p>
          ) : null}
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="verify-code" />
            <label>
              Code from the e-mail
              <input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                maxLength={7}
                required
              />
            </label>
            <button type="submit" disabled={busy}>
              Continue my interview
            </button>
          </Form>
        </>
      )}
      {result?.error ? (
        <p className="form-error" role="alert" data-code={result.error.code}>
          {result.error.message}
        </p>
      ) : null}
    </main>
  );
}
