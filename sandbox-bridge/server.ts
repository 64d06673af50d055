import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '../db/client.ts';
import type { Logger } from '../protocol/logger.ts';
import type { BridgeConfig } from './config.ts';

export interface BridgeServerOptions {
  config: BridgeConfig;
  database: DatabaseHandle;
  logger: Logger;
}

export interface BridgeServer {
  port: number;
  close(): Promise<void>;
}

/** Starts the sandbox bridge's HTTP server. */
export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const { config, logger } = options;
  const http: Server = createServer((request, response) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', service: 'sandbox-bridge' }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'No such endpoint.' } }));
  });
  await new Promise<void>((resolve) =>
    http.listen(config.BRIDGE_PORT, config.BRIDGE_HOST, resolve),
  );
  const port = (http.address() as AddressInfo).port;
  logger.info({ port }, 'sandbox-bridge listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
