// The baseline: y-websocket 1.5's reference server (bin/utils.js setupWSConnection,
// Yjs 13), in memory, no auth and no persistence. Run as a child process by
// collab.bench.ts: `node bench/collab/y-websocket-server.ts` with PORT set.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';
import { reportLoopDelay } from './loop-delay.ts';

const require = createRequire(import.meta.url);
const { setupWSConnection } = require('y-websocket/bin/utils') as {
  setupWSConnection(connection: unknown, request: unknown): void;
};

const port = Number(process.env.PORT ?? 1234);
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('ok');
});
const sockets = new WebSocketServer({ server });
sockets.on('connection', (socket, request) => setupWSConnection(socket, request));
server.listen(port, '127.0.0.1', () => process.stdout.write(`y-websocket listening on ${port}\n`));
reportLoopDelay(async () => {});
