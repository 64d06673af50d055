import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireMember } from '#app/auth/guards.server.ts';
import { dashboardKpis, recentCandidates } from '#app/dashboard/queries.server.ts';

export const meta: MetaFunction = () => [{ title: 'Dashboard — Tandem' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, context);
  const db = context.services.database.db;
  const [kpis, recent] = await Promise.all([
    dashboardKpis(db, organization.id),
    recentCandidates(db, organization.id),
  ]);
  return json({ kpis, recent });
}

function formatScore(value: number | null) {
  return value === null ? '—' : `${Math.round(value)}`;
}

export default function Dashboard() {
  const { kpis, recent } = useLoaderData<typeof loader>();
  const tiles = [
    { label: 'Invited', value: String(kpis.invited) },
    { label: 'In progress', value: String(kpis.inProgress) },
    { label: 'Completed', value: String(kpis.completed) },
    { label: 'Average score', value: formatScore(kpis.averageScore) },
  ];
  return (
    <>
      <div className="page-header">
        <h1>Dashboard</h1>
      </div>
      <section className="kpis">
        {tiles.map((tile) => (
          <div className="card kpi" key={tile.label}>
            <div className="muted">{tile.label}</div>
            <div className="kpi-value">{tile.value}</div>
          </div>
        ))}
      </section>
      <section className="card">
        <h2>Recent candidates</h2>
        <table className="data">
          <thead>
            <tr>
              <th>Name</th>
              <th>Assessment</th>
              <th>Status</th>
              <th>Score</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {recent.map((candidate) => (
              <tr key={candidate.id}>
                <td>
                  {candidate.name} <span className="muted">{candidate.email}</span>
                </td>
                <td>{candidate.assessmentTitle}</td>
                <td className={`status-${candidate.status}`}>{candidate.status}</td>
                <td>{formatScore(candidate.overallScore)}</td>
                <td>
                  {candidate.status === 'IN_PROGRESS' ? (
                    <Link to={`/candidates/${candidate.id}/observe`}>Watch live</Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
