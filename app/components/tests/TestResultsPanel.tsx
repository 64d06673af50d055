import { RunOutput } from './RunOutput.tsx';
import type { TestRunView } from './test-run-state.ts';

export interface TestResultsPanelProps {
  /** The run to show (from useTestRun, or built from the session's events for observers). */
  run: TestRunView | null;
  /** Names of the visible tests, listed before the first run. */
  testNames?: string[];
  /** Shows a "Run tests" button when given (candidates). */
  onRun?: () => void;
  className?: string;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Test results as they stream in: a summary line, then one row per test in the
 * order it finished, failures with their message. Hidden results (grading)
 * are labelled; only reviewers ever get them.
 */
export function TestResultsPanel({ run, testNames = [], onRun, className }: TestResultsPanelProps) {
  const running = run?.status === 'running';
  const pending = run && running ? Math.max(0, run.expected - run.results.length) : 0;
  return (
    <section className={`test-results ${className ?? ''}`} aria-label="Test results">
      <header className="test-results-header">
        {onRun ? (
          <button type="button" onClick={onRun} disabled={running}>
            {running ? 'Running…' : 'Run tests'}
          </button>
        ) : null}
        <p className="test-results-summary" role="status" aria-live="polite">
          {!run
            ? testNames.length > 0
              ? `${testNames.length} tests — not run yet`
              : 'Not run yet'
            : run.status === 'error'
              ? (run.error?.message ?? 'The run failed.')
              : run.summary
                ? `${run.summary.passed}/${run.summary.total} passed (${run.summary.passRate}%) in ${formatDuration(run.summary.durationMs)}`
                : `Running… ${run.results.length}${run.expected ? `/${run.expected}` : ''}`}
        </p>
      </header>
      <ol className="test-results-list">
        {!run
          ? testNames.map((name) => (
              <li key={name} className="test-result test-result-idle">
                <span aria-hidden="true">○</span> {name}
              </li>
            ))
          : run.results.map((result) => (
              <li
                key={`${result.index}-${result.name}`}
                className={`test-result ${result.passed ? 'test-result-passed' : 'test-result-failed'}`}
              >
                <span aria-hidden="true">{result.passed ? '✓' : '✗'}</span>{' '}
                <span className="visually-hidden">{result.passed ? 'Passed: ' : 'Failed: '}</span>
                {result.name}
                {result.hidden ? <span className="test-result-hidden"> (hidden)</span> : null}
                <span className="test-result-duration"> {formatDuration(result.durationMs)}</span>
                {!result.passed && result.error ? (
                  <pre className="test-result-error">{result.error}</pre>
                ) : null}
                {!result.passed && result.output ? <RunOutput text={result.output} /> : null}
              </li>
            ))}
        {Array.from({ length: pending }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing but their position
          <li key={`pending-${i}`} className="test-result test-result-pending">
            <span aria-hidden="true">…</span> waiting
          </li>
        ))}
      </ol>
    </section>
  );
}
