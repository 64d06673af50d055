import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** Set on an upgrade one bridge passes to another: the receiver serves it, never forwards again. */
export const FORWARDED_HEADER = 'x-tandem-forwarded';

/**
 * Passes a terminal WebSocket upgrade on to the bridge that owns the session
 * (decision 024): the request line, headers and early bytes go to the owner
 * as they came, then both sockets are piped. The browser keeps its one URL
 * (the edge, any bridge) and its token; the owner checks the token itself.
 */
export function forwardUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ownerUrl: string,
): void {
  const target = new URL(ownerUrl);
  const upstream = connect(Number(target.port || 80), target.hostname);
  const end = () => {
    socket.destroy();
    upstream.destroy();
  };
  upstream.once('error', end);
  socket.once('error', end);
  upstream.once('close', end);
  socket.once('close', end);
  upstream.once('connect', () => {
    const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
    for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
      const name = request.rawHeaders[index]!;
      if (name.toLowerCase() === FORWARDED_HEADER) continue;
      lines.push(`${name}: ${request.rawHeaders[index + 1]}`);
    }
    lines.push(`${FORWARDED_HEADER}: 1`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
}
