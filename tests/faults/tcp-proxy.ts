import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback in front of a real server (Postgres), which a test
 * can cut — every open connection reset, new ones refused — and restore on
 * the same port: a database that goes away and comes back, as the services
 * see it.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly target: { host: string; port: number };
  port = 0;

  constructor(target: { host: string; port: number }) {
    this.target = target;
  }

  /**
   * Starts listening on `port`; the first time on a free port below Linux's
   * ephemeral range: clients that keep reconnecting to a port nobody listens
   * on can connect to themselves (TCP simultaneous open) when it is an
   * ephemeral one, and then hold it, so it could not be restored.
   */
  async start(): Promise<void> {
    if (this.port !== 0) return this.listen();
    for (let attempt = 0; ; attempt++) {
      this.port = 20_000 + Math.floor(Math.random() * 12_000);
      try {
        return await this.listen();
      } catch (error) {
        if (attempt >= 50) throw error;
      }
    }
  }

  private async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** Resets every open connection and refuses new ones until `restore`. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  restore(): Promise<void> {
    return this.start();
  }

  async close(): Promise<void> {
    await this.cut();
  }
}
