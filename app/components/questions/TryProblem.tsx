import type { RefObject } from 'react';
import { TestResultsPanel } from '../tests/TestResultsPanel.tsx';
import { useTestRun } from '../tests/use-test-run.ts';

function field(form: HTMLFormElement | null, name: string): string {
  const element = form?.elements.namedItem(name);
  return element instanceof HTMLInputElement || element instanceof HTMLSelectElement
    ? element.value
    : '';
}

function files(form: HTMLFormElement | null, name: string): unknown {
  try {
    return JSON.parse(field(form, name) || '[]');
  } catch {
    return [];
  }
}

/** "Try it": the form's current tests against its reference solution in a sandbox, before saving. */
export function TryProblem({ formRef }: { formRef: RefObject<HTMLFormElement | null> }) {
  const { run, start } = useTestRun('/api/problems/try', {
    body: () => ({
      language: field(formRef.current, 'language'),
      starterFiles: files(formRef.current, 'starterFiles'),
      visibleTests: files(formRef.current, 'visibleTests'),
      hiddenTests: files(formRef.current, 'hiddenTests'),
      referenceSolution: files(formRef.current, 'referenceSolution'),
    }),
  });
  return (
    <section className="try-problem" aria-label="Try it">
      <h3>Try it</h3>
      <p className="muted small">
        Runs every test, hidden ones included, against the reference solution in a sandbox.
      </p>
      <TestResultsPanel run={run} onRun={() => void start()} />
    </section>
  );
}
