import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listAssessments } from '#app/assessments/assessments.server.ts';
import { requireMember } from '#app/auth/guards.server.ts';
import { hasMemberRole } from '#protocol/roles.ts';

export const meta: MetaFunction = () => [{ title: 'Assessments — Tandem' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  const rows = await listAssessments(context.services.database.db, member.organization.id);
  return json({ assessments: rows, canEdit: hasMemberRole(member.role, 'interviewer') });
}

export default function Assessments() {
  const { assessments, canEdit } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>Assessments</h1>
        {canEdit ? (
          <Link to="/assessments/new" className="button">
            New assessment
          </Link>
        ) : null}
      </div>
      {assessments.length === 0 ? (
        <p className="muted">No assessments yet.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Title</th>
              <th>Duration</th>
              <th>Tools</th>
              <th>Invited</th>
              <th>In progress</th>
              <th>Completed</th>
            </tr>
          </thead>
          <tbody>
            {assessments.map((assessment) => (
              <tr key={assessment.id} className={assessment.archivedAt ? 'archived' : undefined}>
                <td>
                  <Link to={`/assessments/${assessment.id}`}>{assessment.title}</Link>
                  {assessment.archivedAt ? <span className="badge">archived</span> : null}
                </td>
                <td>{assessment.durationMinutes} min</td>
                <td>
                  {[
                    assessment.enableAI ? 'AI' : null,
                    assessment.enableTerminal ? 'terminal' : null,
                  ]
                    .filter(Boolean)
                    .join(', ') || '—'}
                </td>
                <td>{assessment.invited}</td>
                <td>{assessment.inProgress}</td>
                <td>{assessment.completed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
