import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { aiPolicyReport, describeAiPolicy } from '#app/ai/policy-report.server.ts';
import { requireMember } from '#app/auth/guards.server.ts';
import { loadCandidateReport } from '#app/candidates/report.server.ts';
import { FinalCodeAuthorship } from '#app/components/candidates/FinalCodeAuthorship.tsx';
import { InvitationStatus } from '#app/components/candidates/InvitationStatus.tsx';
import { TeamActions } from '#app/components/candidates/TeamActions.tsx';
import { FinalTests, ProblemScores } from '#app/components/report/ProblemResults.tsx';
import { statusText } from '#app/components/ui/status-text.ts';
import { candidateCost } from '#app/costs/costs.server.ts';
import type { FileShares } from '#app/interview/submission-steps.server.ts';
import { ReviewSection } from '#app/review/ReviewSection.tsx';
import { loadReviewSection } from '#app/review/section.server.ts';
import { SimilarityPanel } from '#app/similarity/SimilarityPanel.tsx';
import { invariantResponse } from '#app/utils/responses.server.ts';
import { hasMemberRole } from '#protocol/roles.ts';
import roomStyles from '../styles/room.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: roomStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.candidate.name ?? 'Candidate'} — Tandem` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  const report = await loadCandidateReport(
    context.services.database.db,
    member.organization.id,
    params.id ?? '',
  );
  invariantResponse(report, 'Candidate not found.', { status: 404 });
  const cost = report.session ? await candidateCost(context, report.candidate.id) : null;
  const review = {
    data: await loadReviewSection(context, member.organization.id, report.candidate.id),
    canDecide: hasMemberRole(member.role, 'interviewer'),
  };
  const aiPolicy = describeAiPolicy(
    await aiPolicyReport(
      context.services.database.db,
      report.candidate.id,
      report.session?.id ?? null,
    ),
  );
  // The invitation's hash identifies the link; it never leaves the server.
  const { inviteTokenHash: _hash, ...candidate } = report.candidate;
  return json({
    ...report,
    candidate,
    cost,
    review,
    aiPolicy,
    canManage: hasMemberRole(member.role, 'interviewer'),
  });
}

const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;

const usd = (value: number) =>
  `$${value < 0.01 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;

function formatSessionTime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export default function CandidateReport() {
  const report = useLoaderData<typeof loader>();
  const { candidate, session } = report;
  const details = candidate.scoreDetails as { provenance?: FileShares[] } | null;
  const tiles = [
    ['Overall', candidate.overallScore === null ? '—' : String(Math.round(candidate.overallScore))],
    ['Visible tests', pct(candidate.visiblePassRate)],
    ['Hidden tests', pct(candidate.hiddenPassRate)],
    [
      'First pass',
      candidate.timeToFirstPassSeconds === null
        ? '—'
        : `${Math.round(candidate.timeToFirstPassSeconds / 60)} min`,
    ],
    ['Test runs', String(candidate.testRunCount ?? '—')],
    ['AI reliance', pct(candidate.aiReliance)],
  ];
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{candidate.name}</h1>
          <p className="muted">
            {candidate.email} · {report.assessmentTitle} ·{' '}
            <span className={`status-${candidate.status}`}>{statusText(candidate.status)}</span>
          </p>
          {report.problems.length > 1 ? (
            <p className="muted small">
              {`Questions, in order: ${report.problems.map((p) => `${p.position + 1}. ${p.title}`).join(' · ')}`}
            </p>
          ) : report.problemTitle ? (
            <p className="muted small">
              {`Question: ${report.problemTitle}`}
              {candidate.problemId && report.problemId === candidate.problemId
                ? ' — a variant generated for this candidate, checked by its own tests'
                : ''}
            </p>
          ) : null}
        </div>
        <div className="row">
          {session && candidate.status === 'IN_PROGRESS' ? (
            <Link to={`/candidates/${candidate.id}/observe`} className="button">
              Watch live
            </Link>
          ) : null}
          {session ? (
            <Link to={`/candidates/${candidate.id}/replay`} className="button secondary">
              Replay
            </Link>
          ) : null}
        </div>
      </div>
      {session && (session.status === 'ACTIVE' || session.status === 'PAUSED') ? (
        <TeamActions candidateId={candidate.id} status={session.status} />
      ) : null}
      {report.archive?.status === 'failed' ? (
        <p className="form-error" role="alert" data-testid="archive-failed">
          {`The workspace could not be archived (${report.archive.attempts} attempts, last error: ${report.archive.error ?? 'unknown'}). The scores and the replay are kept; ask an operator to check the sandbox bridge and its archive store.`}
        </p>
      ) : null}
      {candidate.status === 'INVITED' ? (
        <InvitationStatus
          candidateId={candidate.id}
          invitedAt={candidate.invitedAt}
          expiresAt={candidate.inviteExpiresAt}
          revokedAt={candidate.inviteRevokedAt}
          canManage={report.canManage}
        />
      ) : null}
      <section className="kpis six">
        {tiles.map(([label, value]) => (
          <div className="card kpi" key={label}>
            <div className="muted">{label}</div>
            <div className="kpi-value">{value}</div>
          </div>
        ))}
      </section>
      {report.problems.length > 1 ? <ProblemScores problems={report.problems} /> : null}
      <div className="grid-2">
        <section className="card">
          <h2>Final tests</h2>
          {report.finalResults.length === 0 ? <p className="muted">Not graded yet.</p> : null}
          <FinalTests results={report.finalResults} problems={report.problems} />
          <h3>Runs during the interview</h3>
          <p className="muted small">
            {report.runs
              .filter((run) => run.kind === 'visible')
              .map((run) => `${run.passed}/${run.total}`)
              .join(' → ') || 'none'}
          </p>
        </section>
        <section className="card">
          <h2>AI assistant</h2>
          <p className="muted small" data-testid="ai-policy">{`Policy: ${report.aiPolicy}`}</p>
          <p>
            {report.ai.turns.length === 1 ? '1 turn' : `${report.ai.turns.length} turns`} ·{' '}
            {(report.ai.inputTokens + report.ai.outputTokens).toLocaleString()} tokens
          </p>
          <ol className="prompts">
            {report.ai.turns.map((turn) => (
              <li key={turn.id}>{turn.prompt}</li>
            ))}
          </ol>
        </section>
      </div>
      <ReviewSection
        candidateId={candidate.id}
        review={report.review.data}
        canDecide={report.review.canDecide}
      />
      {report.notes.length > 0 ? (
        <section className="card">
          <h2>Interviewer notes</h2>
          <ul className="notes-list">
            {report.notes.map((note) => (
              <li key={note.id}>
                <Link
                  to={`/candidates/${candidate.id}/replay?t=${note.sessionTimeMs}`}
                  className="note-time"
                >
                  {formatSessionTime(note.sessionTimeMs)}
                </Link>{' '}
                <span className="muted">{note.authorName}</span> {note.text}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {report.cost ? (
        <section className="card cost">
          <h2>Cost of this interview</h2>
          <p>
            <strong>{usd(report.cost.total)}</strong>{' '}
            <span className="muted">
              {`AI ${usd(report.cost.ai)} · sandbox ${usd(report.cost.sandbox)} · archive ${usd(report.cost.archive)}`}
            </span>
          </p>
        </section>
      ) : null}
      {details?.provenance?.length ? <FinalCodeAuthorship files={details.provenance} /> : null}
      {session && (candidate.status === 'COMPLETED' || candidate.status === 'EXPIRED') ? (
        <SimilarityPanel candidateId={candidate.id} name={candidate.name} />
      ) : null}
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
