import { useCallback, useRef, useState } from 'react';
import { readTestStream } from '../../../protocol/tests-stream.ts';
import { applyTestEvent, startingRun, type TestRunView } from './test-run-state.ts';

/**
 * Runs tests through an app endpoint that answers with the test stream (a
 * POST, so not EventSource) and keeps the run's view up to date as results
 * arrive. A refused request (409 while a run is going) becomes an error view.
 */
export function useTestRun(endpoint: string, options: { body?: () => unknown } = {}) {
  const [run, setRun] = useState<TestRunView | null>(null);
  const running = useRef(false);
  const bodyOf = useRef(options.body);
  bodyOf.current = options.body;

  const start = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    let view = startingRun();
    setRun(view);
    try {
      const payload = bodyOf.current?.();
      const response = await fetch(endpoint, {
        method: 'POST',
        ...(payload === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as {
          error?: { code?: string; message?: string };
        } | null;
        view = applyTestEvent(view, {
          event: 'error',
          data: {
            code: body?.error?.code ?? 'RUN_FAILED',
            message: body?.error?.message ?? `The tests could not start (${response.status}).`,
          },
        });
        setRun(view);
        return;
      }
      for await (const event of readTestStream(response.body)) {
        view = applyTestEvent(view, event);
        setRun(view);
      }
    } catch (error) {
      setRun(
        applyTestEvent(view, {
          event: 'error',
          data: { code: 'NETWORK', message: `The test stream broke off: ${String(error)}` },
        }),
      );
    } finally {
      running.current = false;
    }
  }, [endpoint]);

  return { run, start, running: run?.status === 'running' };
}
