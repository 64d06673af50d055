import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { desc, eq } from 'drizzle-orm';
import { requireMember } from '#app/auth/guards.server.ts';
import { CopyLink } from '#app/components/ui/CopyLink.tsx';
import { LocalTime } from '#app/components/ui/LocalTime.tsx';
import { emailOutbox } from '#db/schema/index.ts';

export const meta: MetaFunction = () => [{ title: 'Outbox — Tandem' }];

/** Every e-mail the organization sent or kept, newest first (admins only). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context, 'admin');
  const emails = await context.services.database.db
    .select({
      id: emailOutbox.id,
      to: emailOutbox.to,
      subject: emailOutbox.subject,
      text: emailOutbox.text,
      kind: emailOutbox.kind,
      status: emailOutbox.status,
      error: emailOutbox.error,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.organizationId, member.organization.id))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(200);
  return json({ emails, provider: context.services.mailer.provider });
}

/** The invitation and join links an e-mail carries, to copy without selecting by hand. */
function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/\S+\/(?:invite|join)\/[\w-]+/g) ?? [])];
}

export default function Outbox() {
  const { emails, provider } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>Outbox</h1>
        <span className="muted">
          {provider === 'resend'
            ? 'Sending through Resend'
            : 'Not sending: RESEND_API_KEY is not set'}
        </span>
      </div>
      {emails.length === 0 ? <p className="muted">No e-mail yet.</p> : null}
      <div className="stack">
        {emails.map((email) => (
          <details key={email.id} className="card outbox-item">
            <summary>
              <span className="badge">{email.status}</span> <strong>{email.subject}</strong> →{' '}
              {email.to}{' '}
              <span className="muted">
                <LocalTime value={email.createdAt} />
              </span>
            </summary>
            {email.error ? <p className="form-error">{email.error}</p> : null}
            {linksIn(email.text).map((link) => (
              <CopyLink key={link} link={link} label={`Link in the e-mail to ${email.to}`} />
            ))}
            <pre className="email-text">{email.text}</pre>
          </details>
        ))}
      </div>
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
