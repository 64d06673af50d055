import { useState } from 'react';

export interface NavigableProblem {
  position: number;
  title: string;
  done: boolean;
}

/**
 * The assessment's problems in order (decision 021): where the candidate is,
 * a button per problem, and "Done — next problem". Shown only when there are
 * several problems. `onSwitch` asks the server and resolves when it agreed.
 */
export function ProblemNavigator(props: {
  problems: NavigableProblem[];
  current: number;
  onSwitch: (request: { to: number } | { done: true }) => Promise<void>;
  disabled?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (props.problems.length < 2) return null;
  const last = props.current >= props.problems.length - 1;
  const go = async (request: { to: number } | { done: true }) => {
    setBusy(true);
    setError(null);
    try {
      await props.onSwitch(request);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'Switching problems failed; try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <nav className="problem-nav" aria-label="Problems">
      <p className="problem-nav-position">
        Problem {props.current + 1} of {props.problems.length}
      </p>
      <ol className="problem-nav-list">
        {props.problems.map((problem) => (
          <li key={problem.position}>
            <button
              type="button"
              className={problem.position === props.current ? 'problem-nav-current' : ''}
              aria-current={problem.position === props.current ? 'step' : undefined}
              disabled={busy || props.disabled || problem.position === props.current}
              onClick={() => void go({ to: problem.position })}
            >
              {problem.position + 1}. {problem.title}
              {problem.done ? <span className="problem-nav-done"> ✓ done</span> : null}
            </button>
          </li>
        ))}
      </ol>
      {!props.disabled ? (
        <button type="button" disabled={busy} onClick={() => void go({ done: true })}>
          {last ? 'Mark this problem done' : 'Done — next problem'}
        </button>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </nav>
  );
}
