import WebSocket from 'ws';
import type { TerminalClientMessage, TerminalServerMessage } from '../../protocol/bridge-api.ts';

export interface TerminalConnection {
  messages: TerminalServerMessage[];
  /** Everything shown so far: scrollback and output. */
  screen(): string;
  send(message: TerminalClientMessage): void;
  /** Resolves when the screen shows `text` (a generous deadline, not a timing assertion). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** A WebSocket client of the bridge's terminal, as the xterm component is. */
export function connectTerminal(
  wsUrl: string,
  sessionId: string,
  token: string,
): Promise<TerminalConnection> {
  const socket = new WebSocket(`${wsUrl}/terminal/${sessionId}?token=${encodeURIComponent(token)}`);
  const messages: TerminalServerMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (raw) => {
    messages.push(JSON.parse(String(raw)) as TerminalServerMessage);
    for (const waiter of waiters) waiter();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const waiter of waiters) waiter();
    });
  });
  const screen = () =>
    messages.map((m) => (m.type === 'output' || m.type === 'scrollback' ? m.data : '')).join('');
  const connection: TerminalConnection = {
    messages,
    screen,
    send: (message) => socket.send(JSON.stringify(message)),
    closed,
    close: () => socket.close(),
    waitFor: (text, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const shown = screen();
          if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) {
            cleanup();
            resolve();
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`terminal never showed ${text}; screen:\n${screen().slice(-2000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(connection));
    socket.once('error', reject);
  });
}
