import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { openTerminalConnection, type TerminalStatus } from './terminal-connection.ts';

let server: WebSocketServer | null = null;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A terminal endpoint that drops its first connection (as a bridge restart would). */
async function droppingServer(): Promise<{ url: string; tokens: string[] }> {
  const tokens: string[] = [];
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  server.on('connection', (socket, request) => {
    tokens.push(new URL(request.url ?? '/', 'http://x').searchParams.get('token') ?? '');
    if (tokens.length === 1) socket.close(1012, 'restarting');
    else socket.send(JSON.stringify({ type: 'ready', readOnly: true }));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/terminal/s1?token=first`, tokens };
}

describe('the terminal connection', () => {
  it('asks for the newest URL on every reconnection (an observer’s renewed token)', async () => {
    const { url, tokens } = await droppingServer();
    const issued = ['renewed-1', 'renewed-2'];
    const statuses: TerminalStatus['kind'][] = [];
    let ready: () => void = () => {};
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const connection = openTerminalConnection(
      async () => {
        const next = new URL(url);
        next.searchParams.set('token', issued.shift() ?? 'none');
        return next.toString();
      },
      {
        onMessage: () => {},
        onOpen: () => {},
        onStatus: (status) => {
          statuses.push(status.kind);
          if (status.kind === 'ready') ready();
        },
      },
    );
    await isReady;
    connection.close();
    expect(tokens).toEqual(['renewed-1', 'renewed-2']);
    expect(statuses).toContain('reconnecting');
  });
});
