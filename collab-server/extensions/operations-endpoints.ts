import type { Extension, onRequestPayload } from '@hocuspocus/server';
import {
  type OperationsEndpoints as Endpoints,
  serveOperations,
} from '../../protocol/operations-endpoints.ts';

/**
 * `GET /healthz` (liveness), `GET /readyz` (readiness: the database answers)
 * and `GET /metrics` (Prometheus text), for compose, load balancers and
 * Prometheus. Other paths go on to the next extension.
 */
export class OperationsEndpoints implements Extension {
  extensionName = 'OperationsEndpoints';
  private readonly endpoints: Endpoints;

  constructor(endpoints: Endpoints) {
    this.endpoints = endpoints;
  }

  async onRequest({ request, response }: onRequestPayload): Promise<void> {
    if (!(await serveOperations(request, response, this.endpoints))) return;
    // Rejecting with nothing stops the other hooks and Hocuspocus' default response.
    throw null;
  }
}
