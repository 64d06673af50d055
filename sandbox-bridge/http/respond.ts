import type { ServerResponse } from 'node:http';
import type { BridgeErrorBody } from '../../protocol/bridge-api.ts';
import { encodeSseFrame, type TestStreamEvent } from '../../protocol/tests-stream.ts';
import { BridgeError } from '../errors.ts';

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** An error as `{ error: { code, message } }`; unexpected errors are not described to the caller. */
export function sendError(response: ServerResponse, error: unknown): void {
  const known = error instanceof BridgeError;
  const body: BridgeErrorBody = {
    error: known
      ? {
          code: error.code,
          message: error.message,
          ...(error.ownerUrl ? { ownerUrl: error.ownerUrl } : {}),
        }
      : { code: 'INTERNAL', message: 'The sandbox bridge failed; the error is in its log.' },
  };
  if (response.headersSent) {
    response.end();
    return;
  }
  sendJson(response, known ? error.status : 500, body);
}

/** Starts a server-sent event stream and returns a writer for test events. */
export function openTestStream(response: ServerResponse): (event: TestStreamEvent) => void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx (the compose edge) must pass each frame on as it comes.
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();
  return (event) => {
    if (!response.writableEnded) response.write(encodeSseFrame(event.event, event.data));
  };
}
