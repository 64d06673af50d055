import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness.ts';

export interface OperationsEndpoints {
  service: string;
  registry: Registry;
  readiness: Readiness;
  /** METRICS_TOKEN: /metrics wants `Authorization: Bearer <token>`; unset, only loopback clients get it. */
  metricsToken?: string | undefined;
}

/** The paths every service answers for operators (load balancers, Prometheus). */
export const OPERATIONS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/**
 * `GET /healthz` (liveness: the process serves requests), `GET /readyz`
 * (readiness: 200 or 503 with each check) and `GET /metrics` (Prometheus
 * text, see metricsAllowed). Returns false for any other path, which the caller then handles.
 */
export async function serveOperations(
  request: IncomingMessage,
  response: ServerResponse,
  endpoints: OperationsEndpoints,
): Promise<boolean> {
  const path = (request.url ?? '/').split('?')[0];
  if (path === '/healthz') {
    sendJson(response, 200, { status: 'ok', service: endpoints.service });
    return true;
  }
  if (path === '/readyz') {
    const report = await endpoints.readiness.check();
    sendJson(response, report.ready ? 200 : 503, {
      status: report.ready ? 'ready' : 'unavailable',
      service: endpoints.service,
      checks: report.checks,
    });
    return true;
  }
  if (path === '/metrics') {
    if (!metricsAllowed(request, endpoints.metricsToken)) {
      sendJson(response, 401, {
        error: {
          code: 'METRICS_UNAUTHORIZED',
          message: endpoints.metricsToken
            ? 'Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.'
            : 'Metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere.',
        },
      });
      return true;
    }
    const body = await endpoints.registry.metrics();
    response.writeHead(200, {
      'content-type': endpoints.registry.contentType,
      'cache-control': 'no-store',
    });
    response.end(body);
    return true;
  }
  return false;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Metrics tell routes, load and spend: with a token, only its bearer; without,
 * only this machine (a reverse proxy on the same host counts as this machine,
 * so set METRICS_TOKEN behind one).
 */
function metricsAllowed(request: IncomingMessage, token: string | undefined): boolean {
  if (!token) return LOOPBACK.has(request.socket.remoteAddress ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(request.headers.authorization ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
