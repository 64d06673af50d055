import { useEffect, useState } from 'react';
import type { ReplayOverview } from '../../replay/view-messages.ts';
import { ReplayClient } from './replay-client.ts';

export type ReplayLoad =
  | { phase: 'loading'; bytes: null }
  | { phase: 'indexing'; bytes: number }
  | { phase: 'ready'; overview: ReplayOverview; client: ReplayClient }
  | { phase: 'failed'; code: string; message: string };

/**
 * Starts the replay worker, which fetches the history and indexes it, and
 * follows its progress. A new URL (another candidate, or a reload of a live
 * session) starts over.
 */
export function useReplay(workerUrl: string, historyUrl: string, attempt: number): ReplayLoad {
  const [load, setLoad] = useState<ReplayLoad>({ phase: 'loading', bytes: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how the page asks to load again
  useEffect(() => {
    setLoad({ phase: 'loading', bytes: null });
    let client: ReplayClient | null = null;
    try {
      client = new ReplayClient(workerUrl, historyUrl, {
        onProgress: (bytes) => setLoad({ phase: 'indexing', bytes }),
        onReady: (overview) => {
          if (client) setLoad({ phase: 'ready', overview, client });
        },
        onFailed: (code, message) => setLoad({ phase: 'failed', code, message }),
      });
    } catch (error) {
      setLoad({
        phase: 'failed',
        code: 'REPLAY_WORKER_UNAVAILABLE',
        message:
          error instanceof Error
            ? `This browser could not start the replay: ${error.message}`
            : 'This browser could not start the replay.',
      });
    }
    return () => client?.destroy();
  }, [workerUrl, historyUrl, attempt]);
  return load;
}
