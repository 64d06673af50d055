// Entry of the replay worker (built by app/editor/build.ts into public/editor/
// and started by the replay view): fetches a history, indexes it off the main
// thread and answers for frames and diffs. The index holds tens of megabytes
// for a long session and takes seconds to build; here it never blocks the
// page, and the worker's yjs is not the page's (one yjs per realm).
import { HistoryFormatError } from '../../protocol/history-format.ts';
import { ReplayError } from './errors.ts';
import type { ViewRequest, WorkerReply } from './view-messages.ts';
import { ReplayViewSession } from './view-session.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ViewRequest>) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let session: ReplayViewSession | null = null;

function coded(error: unknown): { code: string; message: string } {
  if (error instanceof HistoryFormatError || error instanceof ReplayError) {
    return { code: error.code, message: error.message };
  }
  return {
    code: 'REPLAY_FAILED',
    message: error instanceof Error ? error.message : 'The replay could not be computed.',
  };
}

async function open(url: string): Promise<void> {
  const started = performance.now();
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    scope.postMessage({
      type: 'failed',
      code: body?.error?.code ?? `HTTP_${response.status}`,
      message: body?.error?.message ?? `The history could not be loaded (${response.status}).`,
    });
    return;
  }
  const body = new Uint8Array(await response.arrayBuffer());
  const fetchMs = Math.round(performance.now() - started);
  scope.postMessage({ type: 'progress', phase: 'indexing', bytes: body.byteLength });
  session = ReplayViewSession.open(body, fetchMs);
  const { overview } = session;
  // The step times are only needed by the page (the index keeps its own copy).
  scope.postMessage({ type: 'ready', overview }, [overview.times.buffer]);
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.type === 'open') {
      open(message.url).catch((error: unknown) =>
        scope.postMessage({ type: 'failed', ...coded(error) }),
      );
    } else if (!session) {
      scope.postMessage({
        type: 'error',
        id: message.id,
        code: 'REPLAY_NOT_OPEN',
        message: 'The history is not loaded yet.',
      });
    } else if (message.type === 'frame') {
      scope.postMessage({ type: 'frame', id: message.id, frame: session.frame(message.request) });
    } else {
      const diff = session.diff(message.fromStep, message.toStep);
      scope.postMessage({ type: 'diff', id: message.id, diff });
    }
  } catch (error) {
    const id = message.type === 'open' ? -1 : message.id;
    scope.postMessage({ type: 'error', id, ...coded(error) });
  }
};
