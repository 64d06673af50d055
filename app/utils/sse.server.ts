import { encodeSseFrame } from '../../protocol/sse.ts';

/** Headers of every event stream: no caching, and no buffering by a proxy (nginx). */
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** An event stream produced elsewhere (the bridge's test runs), passed through as is. */
export function sseStreamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, { headers: SSE_HEADERS });
}

/**
 * A text/event-stream Response fed by `run(send)`. Frames are flushed as they
 * are sent (no buffering), the stream closes when `run` settles, and
 * `signal` aborts when the client goes away.
 */
export function sseResponse(
  run: (send: (event: string, data: unknown) => void, signal: AbortSignal) => Promise<void>,
  requestSignal?: AbortSignal,
): Response {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  requestSignal?.addEventListener('abort', () => abort.abort(), { once: true });
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        if (abort.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(encodeSseFrame(event, data)));
        } catch {
          abort.abort();
        }
      };
      try {
        await run(send, abort.signal);
      } catch (error) {
        send('error', {
          code: 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        });
      } finally {
        try {
          controller.close();
        } catch {
          // already closed by a cancelled client
        }
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return sseStreamResponse(stream);
}
