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

/** The part of a Hocuspocus connection a refusal needs. */
export interface RefusableConnection {
  webSocket: { close(code?: number, reason?: string): void };
}

/**
 * Refuses a message: closes the client's socket with the named code (so the
 * provider's `close` event carries it; a shared socket's other documents
 * reconnect) and returns the error for the hook to throw, which makes
 * Hocuspocus drop the message and everything queued behind it.
 */
export function refuseMessage(
  connection: RefusableConnection,
  closeReason: CloseReasonName,
  detail?: string,
): CollabRefusal {
  const refusal = new CollabRefusal(closeReason, detail);
  connection.webSocket.close(refusal.code, refusal.reason);
  return refusal;
}
