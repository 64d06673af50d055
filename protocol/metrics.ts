import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type { Registry };

/**
 * A service's own Prometheus registry with Node's process metrics. Each
 * service has one, also when `npm start` runs all three in one process, so
 * each `/metrics` shows only its service's series (the process metrics then
 * describe the shared process on all three).
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Seconds, for HTTP handlers: 5 ms to a minute (test and AI streams stay open that long). */
export const HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

export type HttpDurationLabels = 'method' | 'route' | 'status';

/**
 * `tandem_http_request_duration_seconds{method, route, status}`. `route` is
 * a pattern with ids collapsed (`/sessions/:id/tests`), never a raw path, so
 * the number of series stays bounded.
 */
export function httpDurationHistogram(registry: Registry): Histogram<HttpDurationLabels> {
  return new Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to the end of its response, by route pattern.',
    labelNames: ['method', 'route', 'status'],
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
}

/** HTTP methods as labels: the usual ones, everything else as OTHER. */
export function methodLabel(method: string | undefined): string {
  const upper = (method ?? '').toUpperCase();
  return ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(upper)
    ? upper
    : 'OTHER';
}
