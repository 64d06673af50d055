import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A round-robin TCP balancer on loopback, the edge of the process-level
 * cluster test: each new connection goes to the next backend that accepts
 * it (a dead one is skipped), as nginx spreads over replicas.
 */
export class Balancer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private next = 0;
  port = 0;
  private readonly backends: number[];

  constructor(backends: number[]) {
    this.backends = backends;
    this.server = createServer((client) => this.route(client, 0));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  private route(client: Socket, tried: number): void {
    if (tried >= this.backends.length) {
      client.destroy();
      return;
    }
    client.pause();
    const port = this.backends[this.next++ % this.backends.length]!;
    const upstream = connect(port, '127.0.0.1');
    upstream.once('error', () => {
      if (!upstream.readyState || upstream.connecting) this.route(client, tried + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      this.sockets.add(client).add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream).pipe(client);
      client.resume();
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
