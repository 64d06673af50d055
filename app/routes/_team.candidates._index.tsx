import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { requireMember } from '#app/auth/guards.server.ts';
import {
  assessmentOptions,
  listCandidates,
  parseCandidateQuery,
} from '#app/candidates/list.server.ts';
import { InviteCandidateForm } from '#app/components/candidates/InviteCandidateForm.tsx';
import { LocalTime } from '#app/components/ui/LocalTime.tsx';
import { statusText } from '#app/components/ui/status-text.ts';
import { hasMemberRole } from '#protocol/roles.ts';
import { CANDIDATE_STATUSES } from '#protocol/sessions.ts';

export const meta: MetaFunction = () => [{ title: 'Candidates — Tandem' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  const db = context.services.database.db;
  const query = parseCandidateQuery(new URL(request.url).searchParams);
  const [list, assessments] = await Promise.all([
    listCandidates(db, member.organization.id, query),
    assessmentOptions(db, member.organization.id),
  ]);
  return json({
    ...list,
    assessments,
    query,
    canInvite: hasMemberRole(member.role, 'interviewer'),
    emailProvider: context.services.mailer.provider,
  });
}

function SortHeader(props: { label: string; sort: string }) {
  const [params] = useSearchParams();
  const active = (params.get('sort') ?? 'invited') === props.sort;
  const dir = active && params.get('dir') !== 'asc' ? 'asc' : 'desc';
  const next = new URLSearchParams(params);
  next.set('sort', props.sort);
  next.set('dir', dir);
  next.delete('page');
  return (
    <th aria-sort={active ? (params.get('dir') === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <Link to={`?${next}`}>
        {props.label}
        {active ? (params.get('dir') === 'asc' ? ' ↑' : ' ↓') : ''}
      </Link>
    </th>
  );
}

export default function Candidates() {
  const { rows, total, page, pages, assessments, canInvite, emailProvider } =
    useLoaderData<typeof loader>();
  const [inviting, setInviting] = useState(false);
  const open = assessments.filter((assessment) => !assessment.archived);
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const [chosen, setChosen] = useState<string[]>([]);
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    return `?${next}`;
  };
  const toggle = (id: string) =>
    setChosen((all) =>
      all.includes(id) ? all.filter((x) => x !== id) : all.length < 4 ? [...all, id] : all,
    );
  return (
    <>
      <div className="page-header">
        <h1>Candidates</h1>
        <div className="row">
          {canInvite && open.length > 0 ? (
            <button
              type="button"
              className="secondary"
              aria-expanded={inviting}
              aria-controls="invite-candidate"
              onClick={() => setInviting((shown) => !shown)}
            >
              Invite a candidate
            </button>
          ) : null}
          <Link
            to={`/candidates/compare?ids=${chosen.join(',')}`}
            className={`button${chosen.length < 2 ? ' disabled' : ''}`}
            aria-disabled={chosen.length < 2}
            onClick={(event) => {
              if (chosen.length < 2) event.preventDefault();
            }}
          >
            Compare {chosen.length > 0 ? `(${chosen.length})` : ''}
          </Link>
        </div>
      </div>
      {inviting ? (
        <section
          id="invite-candidate"
          className="card narrow invite-card"
          aria-label="Invite a candidate"
        >
          <h2>Invite a candidate</h2>
          <InviteCandidateForm
            action="/invitations"
            assessments={open}
            emailProvider={emailProvider}
          />
        </section>
      ) : null}
      <Form method="get" className="row filters">
        <input
          type="search"
          name="q"
          placeholder="Name or e-mail"
          defaultValue={params.get('q') ?? ''}
          aria-label="Search"
        />
        <select name="status" defaultValue={params.get('status') ?? ''} aria-label="Status">
          <option value="">Any status</option>
          {CANDIDATE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusText(status)}
            </option>
          ))}
        </select>
        <select
          name="assessment"
          defaultValue={params.get('assessment') ?? ''}
          aria-label="Assessment"
        >
          <option value="">Any assessment</option>
          {assessments.map((assessment) => (
            <option key={assessment.id} value={assessment.id}>
              {assessment.title}
            </option>
          ))}
        </select>
        <input type="hidden" name="sort" value={params.get('sort') ?? 'invited'} />
        <input type="hidden" name="dir" value={params.get('dir') ?? 'desc'} />
        <button type="submit" className="secondary">
          Filter
        </button>
        <span className="muted">{`${total.toLocaleString()} ${total === 1 ? 'candidate' : 'candidates'}`}</span>
      </Form>
      <table className={`data${navigation.state === 'loading' ? ' loading' : ''}`}>
        <thead>
          <tr>
            <th>
              <span className="visually-hidden">Compare</span>
            </th>
            <SortHeader label="Name" sort="name" />
            <th>Assessment</th>
            <th>Status</th>
            <SortHeader label="Score" sort="score" />
            <th>AI reliance</th>
            <SortHeader label="Invited" sort="invited" />
            <SortHeader label="Completed" sort="completed" />
          </tr>
        </thead>
        <tbody>
          {rows.map((candidate) => (
            <tr key={candidate.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare ${candidate.name}`}
                  checked={chosen.includes(candidate.id)}
                  onChange={() => toggle(candidate.id)}
                />
              </td>
              <td>
                <Link to={`/candidates/${candidate.id}`}>{candidate.name}</Link>{' '}
                <span className="muted small">{candidate.email}</span>
              </td>
              <td>{candidate.assessmentTitle}</td>
              <td className={`status-${candidate.status}`}>{statusText(candidate.status)}</td>
              <td>{candidate.overallScore === null ? '—' : Math.round(candidate.overallScore)}</td>
              <td>
                {candidate.aiReliance === null ? '—' : `${Math.round(candidate.aiReliance * 100)}%`}
              </td>
              <td>
                <LocalTime value={candidate.invitedAt} style="date" />
              </td>
              <td>
                {candidate.completedAt ? (
                  <LocalTime value={candidate.completedAt} style="date" />
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="muted">No candidate matches.</p> : null}
      <nav className="pagination row" aria-label="Pages">
        {page > 1 ? <Link to={pageLink(1)}>« First</Link> : null}
        {page > 1 ? <Link to={pageLink(page - 1)}>‹ Previous</Link> : null}
        <span>{`Page ${page} of ${pages}`}</span>
        {page < pages ? <Link to={pageLink(page + 1)}>Next ›</Link> : null}
        {page < pages ? <Link to={pageLink(pages)}>Last »</Link> : null}
      </nav>
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
