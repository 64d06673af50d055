import type { Extension, onRequestPayload } from '@hocuspocus/server';

/** `GET /healthz`: 200 while the process serves requests (for compose and load balancers). */
export class HealthEndpoint implements Extension {
  extensionName = 'HealthEndpoint';

  async onRequest({ request, response }: onRequestPayload): Promise<void> {
    if (request.url !== '/healthz') return;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'ok', service: 'collab-server' }));
    // Rejecting with nothing stops the other hooks and Hocuspocus' default response.
    throw null;
  }
}
