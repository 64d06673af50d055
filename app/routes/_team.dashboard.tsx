import { defer, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Await, Link, useLoaderData } from '@remix-run/react';
import { Suspense } from 'react';
import { requireMember } from '#app/auth/guards.server.ts';
import { assessmentGaps, serverCapabilities } from '#app/capabilities.server.ts';
import { statusText } from '#app/components/ui/status-text.ts';
import { organizationCost } from '#app/costs/costs.server.ts';
import {
  assessmentFunnels,
  dashboardKpis,
  recentCandidates,
} from '#app/dashboard/queries.server.ts';

export const meta: MetaFunction = () => [{ title: 'Dashboard — Tandem' }];

/** Seed 2.1: KPIs, pipeline, recent candidates and funnels, all SQL aggregates, streamed in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organization } = await requireMember(request, context);
  const db = context.services.database.db;
  const gaps = await assessmentGaps(
    db,
    organization.id,
    serverCapabilities(context.services.config),
  );
  return defer({
    gaps,
    kpis: dashboardKpis(db, organization.id),
    recent: recentCandidates(db, organization.id),
    funnels: assessmentFunnels(db, organization.id),
    costs: organizationCost(context, organization.id),
  });
}

const score = (value: number | null) => (value === null ? '—' : `${Math.round(value)}`);
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const minutes = (seconds: number | null) =>
  seconds === null
    ? '—'
    : seconds >= 5400
      ? `${(seconds / 3600).toFixed(1)} h`
      : `${Math.round(seconds / 60)} min`;

function Skeleton({ height }: { height: string }) {
  return <div className="skeleton" style={{ height }} aria-hidden="true" />;
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>Dashboard</h1>
      </div>
      {data.gaps.length > 0 ? (
        <section className="form-error" role="status" aria-label="What this server lacks">
          {data.gaps.map((gap) => (
            <p key={gap.assessmentId}>
              <Link to={`/assessments/${gap.assessmentId}`}>{gap.title}</Link> {gap.message}
            </p>
          ))}
        </section>
      ) : null}
      <Suspense
        fallback={
          <section className="kpis six">
            {Array.from({ length: 6 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders
              <Skeleton key={i} height="5.5rem" />
            ))}
          </section>
        }
      >
        <Await resolve={data.kpis}>
          {(kpis) => {
            const pipeline = [
              ['INVITED', kpis.invited - kpis.inProgress - kpis.completed - kpis.expired],
              ['IN_PROGRESS', kpis.inProgress],
              ['COMPLETED', kpis.completed],
              ['EXPIRED', kpis.expired],
            ] as const;
            const awaiting = pipeline[0][1];
            const tiles: [label: string, value: string, hint?: string][] = [
              [
                'Invited',
                kpis.invited.toLocaleString(),
                `all time · ${awaiting.toLocaleString()} not started`,
              ],
              ['In progress', kpis.inProgress.toLocaleString()],
              ['Completed', kpis.completed.toLocaleString()],
              ['Average score', score(kpis.averageScore)],
              ['Pass rate', percent(kpis.passRate)],
              ['Average time', minutes(kpis.averageSeconds)],
            ];
            return (
              <>
                <section className="kpis six">
                  {tiles.map(([label, value, hint]) => (
                    <div className="card kpi" key={label}>
                      <div className="muted">{label}</div>
                      <div className="kpi-value">{value}</div>
                      {hint ? <div className="kpi-hint muted">{hint}</div> : null}
                    </div>
                  ))}
                </section>
                <section className="card pipeline" aria-label="Pipeline by status">
                  <h2>Pipeline</h2>
                  <div className="pipeline-bar">
                    {pipeline
                      .filter(([, n]) => n > 0)
                      .map(([status, n]) => (
                        <div
                          key={status}
                          className={`pipeline-segment seg-${status}`}
                          style={{ flexGrow: n }}
                          title={`${status}: ${n}`}
                        >
                          {n > 0
                            ? `${status.replace('_', ' ').toLowerCase()} ${n.toLocaleString()}`
                            : ''}
                        </div>
                      ))}
                  </div>
                </section>
              </>
            );
          }}
        </Await>
      </Suspense>
      <Suspense fallback={<Skeleton height="4rem" />}>
        <Await resolve={data.costs}>
          {(costs) => (
            <section className="card costs" aria-label="Costs">
              <h2>Costs</h2>
              <p>
                <strong>{`$${costs.total.toFixed(2)}`}</strong>
                {` for ${costs.interviews.toLocaleString()} interviews · $${costs.perInterview.toFixed(2)} per interview `}
                <span className="muted">{`(AI $${costs.ai.toFixed(2)} · sandboxes $${costs.sandbox.toFixed(2)} · archives $${costs.archive.toFixed(2)})`}</span>
              </p>
            </section>
          )}
        </Await>
      </Suspense>
      <div className="grid-2">
        <section className="card">
          <h2>Assessment funnels</h2>
          <Suspense fallback={<Skeleton height="14rem" />}>
            <Await resolve={data.funnels}>
              {(funnels) => (
                <table className="data">
                  <thead>
                    <tr>
                      <th>Assessment</th>
                      <th>Invited</th>
                      <th>Started</th>
                      <th>Completed</th>
                      <th>Passed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {funnels.map((funnel) => (
                      <tr key={funnel.id}>
                        <td>
                          <Link to={`/assessments/${funnel.id}`}>{funnel.title}</Link>
                        </td>
                        <td>{funnel.invited}</td>
                        <td>{funnel.started}</td>
                        <td>{funnel.completed}</td>
                        <td>{funnel.passed}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Await>
          </Suspense>
        </section>
        <section className="card">
          <h2>Recent candidates</h2>
          <Suspense fallback={<Skeleton height="14rem" />}>
            <Await resolve={data.recent}>
              {(recent) => (
                <table className="data">
                  <tbody>
                    {recent.map((candidate) => (
                      <tr key={candidate.id}>
                        <td>
                          <Link to={`/candidates/${candidate.id}`}>{candidate.name}</Link>
                          <div className="muted small">{candidate.assessmentTitle}</div>
                        </td>
                        <td className={`status-${candidate.status}`}>
                          {statusText(candidate.status)}
                        </td>
                        <td>{score(candidate.overallScore)}</td>
                        <td>
                          {candidate.status === 'IN_PROGRESS' ? (
                            <Link to={`/candidates/${candidate.id}/observe`}>Watch live</Link>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Await>
          </Suspense>
        </section>
      </div>
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
