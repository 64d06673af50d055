import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { and, desc, eq } from 'drizzle-orm';
import { deleteAssessment, getAssessment } from '#app/assessments/assessments.server.ts';
import {
  type InvitationResult,
  runInvitationIntent,
} from '#app/assessments/invitation-intents.server.ts';
import { requireMember } from '#app/auth/guards.server.ts';
import { InviteCandidateForm } from '#app/components/candidates/InviteCandidateForm.tsx';
import { CopyLink } from '#app/components/ui/CopyLink.tsx';
import { LocalTime } from '#app/components/ui/LocalTime.tsx';
import { statusText } from '#app/components/ui/status-text.ts';
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

type ActionResult = InvitationResult;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const form = await request.formData();
  const assessmentId = params.id ?? '';
  const invitation = await runInvitationIntent(context, member, form, assessmentId);
  if (invitation) return json<ActionResult>(invitation, { status: invitation.errors ? 400 : 200 });
  if (form.get('intent') === 'delete') {
    const outcome = await deleteAssessment(
      context.services.database.db,
      member.organization.id,
      assessmentId,
    );
    if (outcome === 'deleted') throw redirect('/assessments');
    return json<ActionResult>({
      notice: 'Candidates have started this assessment, so it was archived instead.',
    });
  }
  return json<ActionResult>({ errors: { form: 'Unknown action.' } }, { status: 400 });
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
            <Link to="rubric" className="button secondary">
              Review rubric
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
        <div className="form-ok" role="status">
          <p>{result.notice}</p>
          {result.link ? <CopyLink link={result.link} /> : null}
        </div>
      ) : null}
      <div className="grid-2">
        <section className="card">
          <h2>Settings</h2>
          <p>{assessment.description || <span className="muted">No description.</span>}</p>
          <ul className="facts">
            <li>{`${assessment.durationMinutes} minutes`}</li>
            <li>{`AI assistant ${assessment.enableAI ? 'on' : 'off'}`}</li>
            <li>{`Terminal ${assessment.enableTerminal ? 'on' : 'off'}`}</li>
            {assessment.pairMode ? <li>Interviewers may edit the code (pair mode)</li> : null}
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
            <InviteCandidateForm
              action={`/assessments/${assessment.id}`}
              emailProvider={emailProvider}
            />
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
                    {statusText(candidate.status)}
                    {candidate.inviteRevokedAt ? ' (revoked)' : ''}
                  </td>
                  <td>
                    <LocalTime value={candidate.invitedAt} style="date" />
                  </td>
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
