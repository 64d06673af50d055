import { expect, test } from 'vitest';
import { applyTestEvent, startingRun } from './test-run-state.ts';

test('a run collects results in arrival order and ends with its summary', () => {
  let run = startingRun();
  run = applyTestEvent(run, { event: 'start', data: { runId: 'r1', total: 2, kind: 'visible' } });
  run = applyTestEvent(run, {
    event: 'test_result',
    data: { runId: 'r1', index: 0, name: 'b', passed: true, durationMs: 1 },
  });
  run = applyTestEvent(run, {
    event: 'test_result',
    data: { runId: 'r1', index: 1, name: 'a', passed: false, durationMs: 2, error: 'boom' },
  });
  expect(run.results.map((r) => r.name)).toEqual(['b', 'a']);
  run = applyTestEvent(run, {
    event: 'done',
    data: { runId: 'r1', total: 2, passed: 1, failed: 1, passRate: 50, durationMs: 3 },
  });
  expect(run).toMatchObject({ status: 'done', expected: 2, summary: { passRate: 50 } });
});

test('results of another run are ignored and an error ends the run', () => {
  let run = applyTestEvent(startingRun(), {
    event: 'start',
    data: { runId: 'r2', total: 1, kind: 'visible' },
  });
  run = applyTestEvent(run, {
    event: 'test_result',
    data: { runId: 'other', index: 0, name: 'x', passed: true, durationMs: 1 },
  });
  expect(run.results).toEqual([]);
  run = applyTestEvent(run, {
    event: 'error',
    data: { runId: 'r2', code: 'TEST_LIMIT', message: 'Stopped.' },
  });
  expect(run).toMatchObject({ status: 'error', error: { code: 'TEST_LIMIT' } });
});
