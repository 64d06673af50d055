import type { RefObject } from 'react';
import { TestResultsPanel } from '../tests/TestResultsPanel.tsx';
import { useTestRun } from '../tests/use-test-run.ts';

function field(form: HTMLFormElement | null, name: string): string {
  const element = form?.elements.namedItem(name);
  return element instanceof HTMLInputElement || element instanceof HTMLSelectElement
    ? element.value
    : '';
}

function grading(form: HTMLFormElement | null): unknown {
  const element = form?.elements.namedItem('grading');
  const text = element instanceof HTMLTextAreaElement ? element.value.trim() : '';
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return 'not JSON';
  }
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
      grading: grading(formRef.current),
      referenceSolution: files(formRef.current, 'referenceSolution'),
    }),
  });
  return (
    <section className="try-problem" aria-label="Try it">
      <h3>Try it</h3>
      <p className="muted small">
        Runs every visible test and hidden case against the reference solution in a sandbox.
      </p>
      <TestResultsPanel run={run} onRun={() => void start()} />
    </section>
  );
}
