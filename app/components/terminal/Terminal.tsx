import type { LinksFunction } from '@remix-run/node';
import xtermStyles from '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { openXterm } from './open-xterm.ts';
import terminalStyles from './terminal.css';
import { openTerminalConnection, type TerminalStatus } from './terminal-connection.ts';

/** Stylesheets a route that shows a Terminal adds to its `links`. */
export const terminalLinks: LinksFunction = () => [
  { rel: 'stylesheet', href: xtermStyles },
  { rel: 'stylesheet', href: terminalStyles },
];

export interface TerminalProps {
  /** `ws(s)://…/terminal/:sessionId?token=…`, from `terminalSocketUrl` on the server. */
  socketUrl: string;
  /**
   * The newest session token, asked on every (re)connection and put in the
   * URL in place of the one it was rendered with: an observer's token is
   * short-lived and renewed by the page (use-observer-token.ts).
   */
  token?: () => Promise<string>;
  /** Observers: keystrokes are not sent (the bridge refuses them anyway). */
  readOnly?: boolean;
  className?: string;
  onStatusChange?: (status: TerminalStatus) => void;
}

const STATUS_TEXT: Record<Exclude<TerminalStatus['kind'], 'ready'>, string> = {
  connecting: 'Connecting to the sandbox…',
  reconnecting: 'Connection lost — reconnecting…',
  refused: '',
};

/**
 * The session's terminal: xterm.js fitted to its panel, on the bridge's
 * WebSocket. xterm is loaded in the browser only (inside the effect), so the
 * server build never imports it. Candidates type; observers watch.
 */
export function Terminal({
  socketUrl,
  token,
  readOnly = false,
  className,
  onStatusChange,
}: TerminalProps) {
  const screenRef = useRef<HTMLElement>(null);
  const [status, setStatus] = useState<TerminalStatus>({ kind: 'connecting' });
  const statusListener = useRef(onStatusChange);
  statusListener.current = onStatusChange;

  useEffect(() => {
    const element = screenRef.current;
    if (!element) return;
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      const opened = await openXterm(element, { readOnly }, () => disposed);
      if (!opened) return;
      const { term } = opened;
      const connection = openTerminalConnection(
        token ? () => withToken(socketUrl, token) : socketUrl,
        {
          onStatus: (next) => {
            setStatus(next);
            statusListener.current?.(next);
          },
          onOpen: (send) => {
            if (!readOnly) send({ type: 'resize', cols: term.cols, rows: term.rows });
          },
          onMessage: (message) => {
            switch (message.type) {
              case 'scrollback':
                // A reconnect replays recent output: start from a clean screen.
                term.reset();
                term.write(message.data);
                break;
              case 'output':
                term.write(message.data);
                break;
              case 'exit':
                term.write('\r\n\x1b[2m[shell exited — type to start a new one]\x1b[0m\r\n');
                break;
              case 'error':
                if (message.code !== 'READ_ONLY')
                  term.write(`\r\n\x1b[31m${message.message}\x1b[0m\r\n`);
                break;
              case 'ready':
                break;
            }
          },
        },
      );
      const input = readOnly
        ? null
        : term.onData((data) => connection.send({ type: 'input', data }));
      const resize = term.onResize(({ cols, rows }) => {
        if (!readOnly) connection.send({ type: 'resize', cols, rows });
      });
      cleanup = () => {
        input?.dispose();
        resize.dispose();
        connection.close();
        opened.dispose();
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [socketUrl, token, readOnly]);

  const notice =
    status.kind === 'ready'
      ? null
      : status.kind === 'refused'
        ? status.reason
        : STATUS_TEXT[status.kind];
  return (
    <div className={`terminal ${className ?? ''}`}>
      {notice ? (
        <div
          className={`terminal-status ${status.kind === 'refused' ? 'terminal-status-refused' : ''}`}
          role="status"
        >
          {notice}
        </div>
      ) : null}
      <section
        ref={screenRef}
        className="terminal-screen"
        aria-label={readOnly ? 'Terminal (read-only)' : 'Terminal'}
      />
    </div>
  );
}

/** `socketUrl` with its `token` parameter replaced by the newest token. */
async function withToken(socketUrl: string, token: () => Promise<string>): Promise<string> {
  const url = new URL(socketUrl);
  url.searchParams.set('token', await token());
  return url.toString();
}
