import type { TerminalClientMessage, TerminalServerMessage } from '../../../protocol/bridge-api.ts';
import { TERMINAL_CLOSE } from '../../../protocol/bridge-api.ts';

export type TerminalStatus =
  | { kind: 'connecting' }
  | { kind: 'ready'; readOnly: boolean }
  | { kind: 'reconnecting' }
  | { kind: 'refused'; reason: string };

export interface TerminalConnectionHandlers {
  onMessage(message: TerminalServerMessage): void;
  onStatus(status: TerminalStatus): void;
  /** Called on every (re)connection, before any frame: the moment to send the size. */
  onOpen(send: (message: TerminalClientMessage) => void): void;
}

const REFUSALS = new Set<number>(Object.values(TERMINAL_CLOSE).map((close) => close.code));
const MAX_BACKOFF_MS = 5000;

/**
 * The browser side of the terminal WebSocket: reconnects with backoff after a
 * dropped connection (the bridge replays the scrollback), and stops for good
 * when the bridge refuses (bad token, wrong session, terminal disabled).
 */
export function openTerminalConnection(
  url: string | (() => Promise<string>),
  handlers: TerminalConnectionHandlers,
) {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const send = (message: TerminalClientMessage) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  const connect = async () => {
    if (stopped) return;
    handlers.onStatus(attempt === 0 ? { kind: 'connecting' } : { kind: 'reconnecting' });
    // A function gives the newest URL (a renewed token) on every attempt.
    const target = typeof url === 'string' ? url : await url().catch(() => null);
    if (stopped) return;
    if (target === null) {
      attempt += 1;
      timer = setTimeout(() => void connect(), Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt));
      return;
    }
    const current = new WebSocket(target);
    socket = current;
    current.onopen = () => {
      attempt = 0;
      handlers.onOpen(send);
    };
    current.onmessage = (event) => {
      let message: TerminalServerMessage;
      try {
        message = JSON.parse(String(event.data)) as TerminalServerMessage;
      } catch {
        return;
      }
      if (message.type === 'ready')
        handlers.onStatus({ kind: 'ready', readOnly: message.readOnly });
      handlers.onMessage(message);
    };
    current.onclose = (event) => {
      if (stopped || socket !== current) return;
      if (REFUSALS.has(event.code)) {
        stopped = true;
        handlers.onStatus({ kind: 'refused', reason: event.reason || 'The terminal was refused.' });
        return;
      }
      attempt += 1;
      handlers.onStatus({ kind: 'reconnecting' });
      timer = setTimeout(() => void connect(), Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempt));
    };
  };

  void connect();
  return {
    send,
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}
