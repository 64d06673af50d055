import { CLOSE_REASONS, type CloseReasonName } from '../protocol/close-reasons.ts';

/**
 * Thrown by a hook to refuse a connection or a message. Hocuspocus reads
 * `reason` (sent to the client on a refused authentication) and `code` (the
 * close code when a message is refused); `closeReason` names it for our code.
 */
export class CollabRefusal extends Error {
  readonly closeReason: CloseReasonName;
  readonly code: number;
  readonly reason: string;
  /** What exactly was wrong, for the server log only. */
  readonly detail: string | undefined;

  constructor(closeReason: CloseReasonName, detail?: string) {
    const { code, reason } = CLOSE_REASONS[closeReason];
    super(detail ? `${reason} (${detail})` : reason);
    this.name = 'CollabRefusal';
    this.closeReason = closeReason;
    this.code = code;
    this.reason = reason;
    this.detail = detail;
  }
}

/** The part of a `ws` socket a refusal uses (pause and terminate exist on `ws`, not in a browser). */
export interface RefusableSocket {
  close(code?: number, reason?: string): void;
  pause?(): void;
  terminate?(): void;
  /** Bytes queued to send: the close frame goes out behind them. */
  bufferedAmount?: number;
  /** The TCP socket under a `ws` socket. */
  _socket?: RawSocket;
}

/** The part of a TCP socket a refusal drains. */
interface RawSocket {
  removeAllListeners(event: 'data'): unknown;
  on(event: 'data', listener: () => void): unknown;
  resume(): unknown;
  end(): unknown;
  destroy(): unknown;
}

/** How long a drained, half-closed socket may stay before it is destroyed. */
const DRAIN_MS = 5_000;

/** The part of a Hocuspocus connection a refusal needs. */
export interface RefusableConnection {
  webSocket: RefusableSocket;
}

/**
 * How long a refused socket may take to flush its close frame before it is
 * cut. Nothing it sends in the meantime is read.
 */
export const REFUSED_SOCKET_GRACE_MS = 250;

/**
 * Ends the connection once what it queued (the close frame last) is sent, or
 * at `deadline`. What the client still sends is read and thrown away, never
 * parsed: destroying a socket with unread data makes the kernel answer with
 * a reset, and a reset can discard the close frame before the client reads
 * it (a client refused in the middle of a 900 KB frame saw 1006, not its code).
 */
function cutWhenFlushed(socket: RefusableSocket, deadline: number): void {
  if (!socket.terminate) return;
  setTimeout(() => {
    if ((socket.bufferedAmount ?? 0) > 0 && Date.now() < deadline) {
      cutWhenFlushed(socket, deadline);
      return;
    }
    const raw = socket._socket;
    if (!raw) {
      socket.terminate?.();
      return;
    }
    raw.removeAllListeners('data');
    raw.on('data', () => {});
    raw.resume();
    raw.end();
    setTimeout(() => raw.destroy(), DRAIN_MS).unref();
  }, REFUSED_SOCKET_GRACE_MS).unref();
}

/** Sockets closed by a refusal, so that hooks can tell a refused client from one that left. */
const refusedSockets = new WeakSet<object>();

/** Whether this socket was closed by a refusal (refuseMessage). */
export function wasRefused(webSocket: object): boolean {
  return refusedSockets.has(webSocket);
}

/**
 * Refuses a message: closes the client's socket with the named code (so the
 * provider's `close` event carries it; a shared socket's other documents
 * reconnect) and returns the error for the hook to throw, which makes
 * Hocuspocus drop the message and everything queued behind it.
 *
 * The socket is then read no further: a hostile client keeps sending until
 * its side of the close handshake comes back, behind everything it queued,
 * and each of those messages would be parsed and judged again (1 MB
 * awareness messages had the server busy for seconds after the refusal). So
 * the server stops reading, sends its close frame and cuts the connection
 * REFUSED_SOCKET_GRACE_MS later; the client still sees the code and reason.
 */
export function refuseMessage(
  connection: RefusableConnection,
  closeReason: CloseReasonName,
  detail?: string,
): CollabRefusal {
  const refusal = new CollabRefusal(closeReason, detail);
  const socket = connection.webSocket;
  if (!refusedSockets.has(socket)) {
    refusedSockets.add(socket);
    socket.pause?.();
    socket.close(refusal.code, refusal.reason);
    cutWhenFlushed(socket, Date.now() + 20 * REFUSED_SOCKET_GRACE_MS);
  }
  return refusal;
}
