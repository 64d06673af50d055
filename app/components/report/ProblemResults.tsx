import { RunOutput } from '../tests/RunOutput.tsx';

interface ProblemRow {
  position: number;
  title: string;
  result: {
    score: number | null;
    visiblePassed: number;
    visibleTotal: number;
    hiddenPassed: number;
    hiddenTotal: number;
    graded: boolean;
    testRunCount: number;
    timeToFirstPassSeconds: number | null;
    submittedAt: string | null;
  } | null;
}

interface FinalResult {
  name: string;
  passed: boolean;
  hidden: boolean;
  problemPosition: number;
  output: string | null;
  error: string | null;
}

const minutes = (seconds: number | null) =>
  seconds === null ? '—' : `${Math.max(1, Math.round(seconds / 60))} min`;

/** Each problem's score and counts, for an interview with several problems (decision 021). */
export function ProblemScores({ problems }: { problems: ProblemRow[] }) {
  return (
    <section className="card" aria-labelledby="problem-scores">
      <h2 id="problem-scores">Problems</h2>
      <table className="data problem-scores">
        <thead>
          <tr>
            <th>Problem</th>
            <th>Score</th>
            <th>Visible tests</th>
            <th>Hidden tests</th>
            <th>Test runs</th>
            <th>First pass</th>
            <th>Marked done</th>
          </tr>
        </thead>
        <tbody>
          {problems.map(({ position, title, result }) => (
            <tr key={position}>
              <td>{`${position + 1}. ${title}`}</td>
              <td>
                {result?.score === null || result?.score === undefined
                  ? result && !result.graded
                    ? 'not graded'
                    : '—'
                  : Math.round(result.score)}
              </td>
              <td>{result ? `${result.visiblePassed}/${result.visibleTotal}` : '—'}</td>
              <td>{result ? `${result.hiddenPassed}/${result.hiddenTotal}` : '—'}</td>
              <td>{result ? result.testRunCount : '—'}</td>
              <td>{minutes(result?.timeToFirstPassSeconds ?? null)}</td>
              <td>{result?.submittedAt ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The final grading's results, grouped by problem when there are several; failures show their output. */
export function FinalTests(props: { results: FinalResult[]; problems: ProblemRow[] }) {
  const groups =
    props.problems.length > 1
      ? props.problems.map((problem) => ({
          key: problem.position,
          title: `${problem.position + 1}. ${problem.title}`,
          results: props.results.filter((result) => result.problemPosition === problem.position),
        }))
      : [{ key: 0, title: null, results: props.results }];
  return (
    <>
      {groups.map((group) => (
        <div key={group.key}>
          {group.title ? <h3>{group.title}</h3> : null}
          <ul className="test-list">
            {group.results.map((result) => (
              <li
                key={`${result.hidden}-${result.name}`}
                className={result.passed ? 'pass' : 'fail'}
              >
                {result.passed ? '✓' : '✗'} {result.name}{' '}
                {result.hidden ? <span className="badge">hidden</span> : null}
                {!result.passed && result.output ? <RunOutput text={result.output} /> : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}
