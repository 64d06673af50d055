import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Histogram } from 'prom-client';
import { withLogContext } from './log-context.ts';
import type { Logger } from './logger.ts';
import { type HttpDurationLabels, methodLabel } from './metrics.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts';

/** What a request is, for its access-log line and its latency series. */
export interface RouteLabel {
  /** The route pattern with ids collapsed, e.g. `/api/interview/:id/run-tests`. */
  route: string;
  /** Probes, metrics scrapes and static files: logged at debug, not info. */
  quiet: boolean;
}

export interface RequestObserverOptions {
  logger: Logger;
  duration: Histogram<HttpDurationLabels>;
  /** The request's route pattern; must map every path onto a bounded set. */
  label(request: IncomingMessage): RouteLabel;
}

/**
 * Wraps one HTTP request: takes the caller's `x-request-id` when it is sane
 * (the nginx edge sends one, so does the app when it calls the bridge or the
 * collab-server) or makes one, echoes it in the response, runs `handle`
 * inside the log context so every line it writes carries it, and writes
 * one access-log line and one latency sample when the response ends.
 * Returns what `handle` returns (a promise to await, for async handlers).
 */
export function observeRequest<T>(
  request: IncomingMessage,
  response: ServerResponse,
  options: RequestObserverOptions,
  handle: () => T,
): T {
  const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
  const started = performance.now();
  const { route, quiet } = options.label(request);
  const method = methodLabel(request.method);
  response.setHeader(REQUEST_ID_HEADER, requestId);
  response.once('close', () => {
    const seconds = (performance.now() - started) / 1000;
    const status = response.statusCode;
    options.duration.observe({ method, route, status: String(status) }, seconds);
    const line = {
      requestId,
      method,
      route,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      // The client went away before the whole response was sent.
      ...(response.writableFinished ? {} : { aborted: true }),
    };
    if (quiet) options.logger.debug(line, 'request');
    else options.logger.info(line, 'request');
  });
  return withLogContext({ requestId }, handle);
}
