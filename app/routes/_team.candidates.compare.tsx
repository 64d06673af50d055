import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireMember } from '#app/auth/guards.server.ts';
import { loadComparison, radarDimensions } from '#app/candidates/report.server.ts';
import { RadarChart } from '#app/components/candidates/RadarChart.tsx';
import { statusText } from '#app/components/ui/status-text.ts';
import { ComparedSimilaritySection } from '#app/similarity/ComparedSimilarity.tsx';
import { type ComparedSimilarity, comparedSimilarity } from '#app/similarity/compared.server.ts';
import { invariantResponse } from '#app/utils/responses.server.ts';

export const meta: MetaFunction = () => [{ title: 'Compare candidates — Tandem' }];

const COLORS = ['#5b8cff', '#3fb950', '#d29922', '#db61a2'];

/** /candidates/compare?ids=a,b[,c,d] — 2 to 4 candidates side by side (seed 2.2). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  const ids = [
    ...new Set((new URL(request.url).searchParams.get('ids') ?? '').split(',').filter(Boolean)),
  ];
  // Nothing (or too much) chosen is a state to explain, not an error page with a useless "Try again".
  if (ids.length < 2 || ids.length > 4)
    return json(
      { candidates: [], chosen: ids.length, similarity: null as ComparedSimilarity | null },
      { status: 400 },
    );
  const db = context.services.database.db;
  const compared = await loadComparison(db, member.organization.id, ids);
  // Another organization's candidate is simply not found.
  invariantResponse(compared.length === ids.length, 'Candidate not found.', { status: 404 });
  return json({
    chosen: ids.length,
    // Pairwise, as the candidate page computes it (issue 19).
    similarity: await comparedSimilarity(
      db,
      member.organization.id,
      compared.map((c) => c.id),
    ),
    candidates: compared.map((candidate, i) => ({
      ...candidate,
      color: COLORS[i]!,
      dimensions: radarDimensions(candidate),
    })),
  });
}

const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const minutes = (seconds: number | null) =>
  seconds === null ? '—' : `${Math.round(seconds / 60)} min`;

/** Shown when fewer than two or more than four candidates were chosen. */
function NothingToCompare(props: { chosen: number }) {
  return (
    <>
      <div className="page-header">
        <h1>Compare candidates</h1>
      </div>
      <section className="card empty-state narrow">
        <h2>{props.chosen > 4 ? 'Too many candidates chosen' : 'Choose candidates to compare'}</h2>
        <p>
          A comparison shows two to four candidates side by side: scores, tests, time and use of the
          AI assistant. {props.chosen === 1 ? 'Only one was chosen. ' : ''}
          In the candidates list, tick the boxes beside two to four names, then press “Compare”.
        </p>
        <p className="row">
          <Link to="/candidates?status=COMPLETED&sort=score" className="button">
            Choose from completed candidates
          </Link>
        </p>
      </section>
    </>
  );
}

export default function Compare() {
  const data = useLoaderData<typeof loader>();
  const { chosen, similarity } = data;
  // The empty answer's `[]` serializes as null[]: nothing is ever in it.
  const candidates = data.candidates as Array<NonNullable<(typeof data.candidates)[number]>>;
  if (candidates.length === 0) return <NothingToCompare chosen={chosen} />;
  const axes = candidates[0]!.dimensions.map((d) => d.label);
  const rows: Array<[string, (c: (typeof candidates)[number]) => string]> = [
    ['Assessment', (c) => c.assessmentTitle],
    ['Status', (c) => statusText(c.status)],
    ['Overall score', (c) => (c.overallScore === null ? '—' : String(Math.round(c.overallScore)))],
    ['Visible tests passed', (c) => pct(c.visiblePassRate)],
    ['Hidden tests passed', (c) => pct(c.hiddenPassRate)],
    ['Time to first pass', (c) => minutes(c.timeToFirstPassSeconds)],
    ['Test runs', (c) => String(c.testRunCount ?? '—')],
    ['AI reliance', (c) => pct(c.aiReliance)],
    ['AI turns', (c) => String(c.aiTurns)],
    ['AI tokens', (c) => c.aiTokens.toLocaleString()],
    ['Time spent', (c) => minutes(c.durationSeconds)],
  ];
  // Per problem, when an interview had several: "LRU Cache: 40" in row "Problem 2".
  const problemCount = Math.max(...candidates.map((c) => c.problems.length));
  if (problemCount > 1) {
    for (let position = 0; position < problemCount; position++) {
      rows.splice(3 + position, 0, [
        `Problem ${position + 1}`,
        (c) => {
          const problem = c.problems.find((p) => p.position === position);
          if (!problem) return '—';
          return `${problem.title}: ${problem.score === null ? '—' : Math.round(problem.score)}`;
        },
      ]);
    }
  }
  return (
    <>
      <div className="page-header">
        <h1>Compare candidates</h1>
        <Link to="/candidates">Back to candidates</Link>
      </div>
      <div className="compare">
        <section className="card radar">
          <RadarChart
            axes={axes}
            series={candidates.map((c) => ({
              name: c.name,
              color: c.color,
              values: c.dimensions.map((d) => d.value),
            }))}
          />
          <ul className="legend">
            {candidates.map((c) => (
              <li key={c.id}>
                <span className="swatch" style={{ background: c.color }} /> {c.name}
              </li>
            ))}
          </ul>
        </section>
        <section className="card">
          <table className="data">
            <thead>
              <tr>
                <th />
                {candidates.map((c) => (
                  <th key={c.id}>
                    <Link to={`/candidates/${c.id}`}>{c.name}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {candidates.map((c) => (
                    <td key={c.id}>{value(c)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      {similarity ? <ComparedSimilaritySection similarity={similarity} /> : null}
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
