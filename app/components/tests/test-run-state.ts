import type {
  TestDoneEvent,
  TestErrorEvent,
  TestResultEvent,
  TestRunKind,
  TestStreamEvent,
} from '../../../protocol/tests-stream.ts';

/** A test run as the panel shows it, built from the stream's events. */
export interface TestRunView {
  runId: string | null;
  kind: TestRunKind;
  status: 'running' | 'done' | 'error';
  /** Tests expected from the start event; `summary.total` once done. */
  expected: number;
  /** In the order they finished. */
  results: TestResultEvent[];
  summary: TestDoneEvent | null;
  error: TestErrorEvent | null;
}

export function startingRun(kind: TestRunKind = 'visible'): TestRunView {
  return {
    runId: null,
    kind,
    status: 'running',
    expected: 0,
    results: [],
    summary: null,
    error: null,
  };
}

/** Applies one stream event; events of another run are ignored. */
export function applyTestEvent(run: TestRunView, event: TestStreamEvent): TestRunView {
  switch (event.event) {
    case 'start':
      return {
        ...startingRun(event.data.kind),
        runId: event.data.runId,
        expected: event.data.total,
      };
    case 'test_result':
      if (run.runId && event.data.runId !== run.runId) return run;
      return { ...run, results: [...run.results, event.data] };
    case 'done':
      if (run.runId && event.data.runId !== run.runId) return run;
      return { ...run, status: 'done', summary: event.data };
    case 'error':
      return { ...run, status: 'error', error: event.data };
  }
}
