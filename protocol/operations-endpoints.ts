import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness.ts';

export interface OperationsEndpoints {
  service: string;
  registry: Registry;
  readiness: Readiness;
}

/** The paths every service answers for operators (load balancers, Prometheus). */
export const OPERATIONS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

/**
 * `GET /healthz` (liveness: the process serves requests), `GET /readyz`
 * (readiness: 200 or 503 with each check) and `GET /metrics` (Prometheus
 * text). Returns false for any other path, which the caller then handles.
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

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
