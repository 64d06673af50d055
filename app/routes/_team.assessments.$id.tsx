import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { and, desc, eq } from 'drizzle-orm';
import {
  deleteAssessment,
  fieldErrors,
  getAssessment,
} from '#app/assessments/assessments.server.ts';
import {
  candidateInviteInput,
  inviteCandidate,
  resendInvitation,
  revokeInvitation,
} from '#app/assessments/candidate-invitations.server.ts';
import { requireMember } from '#app/auth/guards.server.ts';
import { invariantResponse } from '#app/utils/responses.server.ts';
import { candidates } from '#db/schema/index.ts';
import { hasMemberRole } from '#protocol/roles.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.assessment.title ?? 'Assessment'} — Tandem` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  const db = context.services.database.db;
  const assessment = await getAssessment(db, member.organization.id, params.id ?? '');
  invariantResponse(assessment, 'Assessment not found.', { status: 404 });
  const invited = await db
    .select({
      id: candidates.id,
      name: candidates.name,
      email: candidates.email,
      status: candidates.status,
      invitedAt: candidates.invitedAt,
      inviteExpiresAt: candidates.inviteExpiresAt,
      inviteRevokedAt: candidates.inviteRevokedAt,
      overallScore: candidates.overallScore,
    })
    .from(candidates)
    .where(
      and(
        eq(candidates.assessmentId, assessment.id),
        eq(candidates.organizationId, member.organization.id),
      ),
    )
    .orderBy(desc(candidates.invitedAt));
  return json({
    assessment,
    candidates: invited,
    canEdit: hasMemberRole(member.role, 'interviewer'),
    emailProvider: context.services.mailer.provider,
  });
}

type ActionResult = { errors?: Record<string, string>; notice?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const form = await request.formData();
  const intent = form.get('intent');
  const organizationId = member.organization.id;
  const assessmentId = params.id ?? '';
  switch (intent) {
    case 'invite': {
      const parsed = candidateInviteInput.safeParse({
        name: form.get('name'),
        email: form.get('email'),
      });
      if (!parsed.success)
        return json<ActionResult>({ errors: fieldErrors(parsed.error) }, { status: 400 });
      const { emailStatus } = await inviteCandidate(context, {
        organizationId,
        assessmentId,
        invitedById: member.user.id,
        ...parsed.data,
      });
      return json<ActionResult>({ notice: inviteNotice(parsed.data.email, emailStatus) });
    }
    case 'resend': {
      const { emailStatus } = await resendInvitation(
        context,
        organizationId,
        String(form.get('candidateId')),
      );
      return json<ActionResult>({ notice: inviteNotice('the candidate', emailStatus) });
    }
    case 'revoke':
      await revokeInvitation(context, organizationId, String(form.get('candidateId')));
      return json<ActionResult>({ notice: 'Invitation revoked.' });
    case 'delete': {
      const outcome = await deleteAssessment(
        context.services.database.db,
        organizationId,
        assessmentId,
      );
      if (outcome === 'deleted') throw redirect('/assessments');
      return json<ActionResult>({
        notice: 'Candidates have started this assessment, so it was archived instead.',
      });
    }
    default:
      return json<ActionResult>({ errors: { form: 'Unknown action.' } }, { status: 400 });
  }
}

function inviteNotice(to: string, status: string): string {
  if (status === 'sent') return `Invitation e-mailed to ${to}.`;
  if (status === 'failed') return `The e-mail to ${to} failed; the invitation is in the outbox.`;
  return `Invitation for ${to} is in the outbox (e-mail sending is not configured).`;
}

export default function AssessmentDetail() {
  const {
    assessment,
    candidates: invited,
    canEdit,
    emailProvider,
  } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  return (
    <>
      <div className="page-header">
        <h1>
          {assessment.title}{' '}
          {assessment.archivedAt ? <span className="badge">archived</span> : null}
        </h1>
        {canEdit ? (
          <div className="row">
            <Link to="edit" className="button secondary">
              Edit
            </Link>
            <Form
              method="post"
              onSubmit={(event) => {
                if (!confirm('Delete this assessment? Started candidates keep their results.')) {
                  event.preventDefault();
                }
              }}
            >
              <button type="submit" name="intent" value="delete" className="danger" disabled={busy}>
                Delete
              </button>
            </Form>
          </div>
        ) : null}
      </div>
      {result?.notice ? (
        <p className="form-ok" role="status">
          {result.notice}
        </p>
      ) : null}
      <div className="grid-2">
        <section className="card">
          <h2>Settings</h2>
          <p>{assessment.description || <span className="muted">No description.</span>}</p>
          <ul className="facts">
            <li>{`${assessment.durationMinutes} minutes`}</li>
            <li>{`AI assistant ${assessment.enableAI ? 'on' : 'off'}`}</li>
            <li>{`Terminal ${assessment.enableTerminal ? 'on' : 'off'}`}</li>
            {assessment.variantPerCandidate ? (
              <li>A generated variant of the first problem for each candidate</li>
            ) : null}
          </ul>
          <h3>Problems</h3>
          <ol>
            {assessment.problems.map((problem) => (
              <li key={problem.id}>
                {problem.title} <span className="badge">{problem.language}</span>{' '}
                <span className="badge">{problem.difficulty.toLowerCase()}</span>
              </li>
            ))}
          </ol>
        </section>
        {canEdit && !assessment.archivedAt ? (
          <section className="card">
            <h2>Invite a candidate</h2>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <label>
                Name
                <input name="name" required />
                {result?.errors?.name ? (
                  <span className="form-error">{result.errors.name}</span>
                ) : null}
              </label>
              <label>
                E-mail
                <input name="email" type="email" required />
                {result?.errors?.email ? (
                  <span className="form-error">{result.errors.email}</span>
                ) : null}
              </label>
              <button type="submit" disabled={busy}>
                Send invitation
              </button>
              <p className="muted small">
                {emailProvider === 'resend'
                  ? 'Sent through Resend; every e-mail is also kept in the outbox.'
                  : 'E-mail sending is not configured: invitations are kept in the outbox.'}
              </p>
            </Form>
          </section>
        ) : null}
      </div>
      <section className="card">
        <h2>Candidates</h2>
        {invited.length === 0 ? (
          <p className="muted">Nobody invited yet.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Invited</th>
                <th>Score</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {invited.map((candidate) => (
                <tr key={candidate.id}>
                  <td>
                    <Link to={`/candidates/${candidate.id}`}>{candidate.name}</Link>{' '}
                    <span className="muted">{candidate.email}</span>
                  </td>
                  <td className={`status-${candidate.status}`}>
                    {candidate.status}
                    {candidate.inviteRevokedAt ? ' (revoked)' : ''}
                  </td>
                  <td>{new Date(candidate.invitedAt).toLocaleDateString()}</td>
                  <td>
                    {candidate.overallScore === null ? '—' : Math.round(candidate.overallScore)}
                  </td>
                  <td>
                    {canEdit && candidate.status === 'INVITED' ? (
                      <Form method="post" className="row">
                        <input type="hidden" name="candidateId" value={candidate.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="resend"
                          className="secondary small"
                          disabled={busy}
                        >
                          Resend
                        </button>
                        {candidate.inviteRevokedAt ? null : (
                          <button
                            type="submit"
                            name="intent"
                            value="revoke"
                            className="secondary small"
                            disabled={busy}
                          >
                            Revoke
                          </button>
                        )}
                      </Form>
                    ) : null}
                    {candidate.status === 'IN_PROGRESS' ? (
                      <Link to={`/candidates/${candidate.id}/observe`}>Watch live</Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
