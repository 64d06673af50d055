import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DirectConnection, type Extension, Server } from '@hocuspocus/server';
import type { DatabaseHandle } from '../db/client.ts';
import type { Logger } from '../protocol/logger.ts';
import type { CollabConfig } from './config.ts';
import { createDocumentStore } from './extensions/document-store.ts';

export interface CollabServerOptions {
  config: CollabConfig;
  database: DatabaseHandle;
  logger: Logger;
}

export interface CollabServer {
  server: Server;
  /** The port it listens on (useful with port 0). */
  port: number;
  /** ws:// URL for providers. */
  url: string;
  /** An in-process connection to a document, for the bridge when it runs in this process. */
  openDirectConnection(
    documentName: string,
    context?: Record<string, unknown>,
  ): Promise<DirectConnection>;
  close(): Promise<void>;
}

/** Starts the Hocuspocus server with Tandem's extensions and a /healthz endpoint. */
export async function startCollabServer(options: CollabServerOptions): Promise<CollabServer> {
  const { config, database, logger } = options;
  const extensions: Extension[] = [createDocumentStore(database.db), healthEndpoint()];
  const server = new Server({
    name: 'tandem-collab',
    port: config.COLLAB_PORT,
    address: config.COLLAB_HOST,
    quiet: true,
    stopOnSignals: false,
    extensions,
  });
  await server.listen();
  const port = server.address.port;
  logger.info({ port }, 'collab-server listening');
  return {
    server,
    port,
    url: `ws://${config.COLLAB_HOST}:${port}`,
    openDirectConnection: (name, context) => server.hocuspocus.openDirectConnection(name, context),
    close: () => server.destroy(),
  };
}

function healthEndpoint(): Extension {
  return {
    async onRequest({ request, response }: { request: IncomingMessage; response: ServerResponse }) {
      if (request.url === '/healthz') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'ok', service: 'collab-server' }));
        // Throwing nothing stops Hocuspocus' default response.
        throw null;
      }
    },
  };
}
