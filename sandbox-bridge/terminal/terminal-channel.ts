import type { TerminalServerMessage } from '../../protocol/bridge-api.ts';
import type { ServerEventType } from '../../protocol/events.ts';
import type { Logger } from '../../protocol/logger.ts';
import type { PtyProcess, SandboxHandle } from '../driver/types.ts';
import { Scrollback } from './scrollback.ts';

/** One connected browser: candidates write, observers watch. */
export interface TerminalClient {
  readonly readOnly: boolean;
  send(message: TerminalServerMessage): void;
  /** The channel closed (session stopped or moved to another bridge): end the connection. */
  end?(): void;
}

export interface TerminalChannelOptions {
  sessionId: string;
  sandbox: SandboxHandle;
  logger: Logger;
  /** Stores a session event (batched by the caller). */
  record: (type: ServerEventType, data: Record<string, unknown>, at: Date) => void;
  /** Output suggests files may have changed: the mirror should look. */
  onActivity?: () => void;
  scrollbackChars?: number;
  /** Input and output are recorded in events of at most this window. */
  recordWindowMs?: number;
  /** Terminal output recorded per session at most; the rest is noted, not stored. */
  recordLimitChars?: number;
}

/**
 * A session's terminal: one shell on a PTY shared by every client. The
 * candidate's keystrokes reach the shell; everyone receives the output, and a
 * (re)connecting client first gets the recent scrollback. Input and output are
 * recorded as session events, coalesced per window so a busy shell writes a
 * few rows a second, not one per chunk.
 */
export class TerminalChannel {
  private readonly options: TerminalChannelOptions;
  private readonly scrollback: Scrollback;
  private readonly clients = new Set<TerminalClient>();
  private pty: PtyProcess | null = null;
  private starting: Promise<PtyProcess> | null = null;
  private size = { cols: 80, rows: 24 };
  private pendingOutput = '';
  private pendingInput = '';
  private outputStartedAt: Date | null = null;
  private inputStartedAt: Date | null = null;
  private recordTimer: NodeJS.Timeout | null = null;
  private recordedChars = 0;
  private truncationNoted = false;
  private closed = false;

  constructor(options: TerminalChannelOptions) {
    this.options = options;
    this.scrollback = new Scrollback(options.scrollbackChars);
  }

  /** Adds a client: it receives `ready`, the scrollback, then live output. */
  async attach(client: TerminalClient): Promise<void> {
    this.clients.add(client);
    client.send({ type: 'ready', readOnly: client.readOnly });
    const recent = this.scrollback.toString();
    if (recent) client.send({ type: 'scrollback', data: recent });
    // The shell starts when its candidate arrives; observers only watch.
    if (!client.readOnly) await this.ensurePty();
  }

  detach(client: TerminalClient): void {
    this.clients.delete(client);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Keystrokes from a client; observers are refused (the server decides, not the UI). */
  async input(client: TerminalClient, data: string): Promise<void> {
    if (client.readOnly) {
      client.send({
        type: 'error',
        code: 'READ_ONLY',
        message: 'This terminal is read-only for observers.',
      });
      return;
    }
    const pty = await this.ensurePty();
    pty.write(data);
    this.inputStartedAt ??= new Date();
    this.pendingInput += data;
    this.scheduleRecord();
  }

  resize(client: TerminalClient, cols: number, rows: number): void {
    if (client.readOnly || !Number.isInteger(cols) || !Number.isInteger(rows)) return;
    if (cols < 2 || rows < 1 || cols > 500 || rows > 200) return;
    this.size = { cols, rows };
    this.pty?.resize(cols, rows);
    this.options.record('terminal_resize', { cols, rows }, new Date());
  }

  private ensurePty(): Promise<PtyProcess> {
    if (this.pty) return Promise.resolve(this.pty);
    this.starting ??= this.options.sandbox
      .openPty({ cols: this.size.cols, rows: this.size.rows })
      .then((pty) => {
        this.pty = pty;
        this.starting = null;
        pty.onData((data) => this.onOutput(data));
        pty.onExit((code) => {
          if (this.pty === pty) this.pty = null;
          this.broadcast({ type: 'exit', code });
          this.options.onActivity?.();
        });
        if (this.closed) pty.kill();
        return pty;
      })
      .catch((error: unknown) => {
        this.starting = null;
        throw error;
      });
    return this.starting;
  }

  private onOutput(data: string): void {
    this.scrollback.push(data);
    this.broadcast({ type: 'output', data });
    this.outputStartedAt ??= new Date();
    this.pendingOutput += data;
    this.scheduleRecord();
    this.options.onActivity?.();
  }

  private broadcast(message: TerminalServerMessage): void {
    for (const client of this.clients) client.send(message);
  }

  private scheduleRecord(): void {
    if (this.recordTimer) return;
    this.recordTimer = setTimeout(() => this.recordPending(), this.options.recordWindowMs ?? 100);
    this.recordTimer.unref();
  }

  private recordPending(): void {
    this.recordTimer = null;
    const limit = this.options.recordLimitChars ?? 2 * 1024 * 1024;
    if (this.pendingInput && this.inputStartedAt) {
      this.options.record('terminal_input', { data: this.pendingInput }, this.inputStartedAt);
    }
    if (this.pendingOutput && this.outputStartedAt) {
      const room = Math.max(0, limit - this.recordedChars);
      if (room > 0) {
        const data = this.pendingOutput.slice(0, room);
        this.recordedChars += data.length;
        this.options.record('terminal_output', { data }, this.outputStartedAt);
      } else if (!this.truncationNoted) {
        this.truncationNoted = true;
        this.options.record(
          'terminal_output',
          {
            data: '',
            truncated: true,
            note: 'Terminal output past the recording limit was not stored.',
          },
          this.outputStartedAt,
        );
      }
    }
    this.pendingInput = '';
    this.pendingOutput = '';
    this.inputStartedAt = null;
    this.outputStartedAt = null;
  }

  /** Ends the shell and tells every client; pending events are recorded. */
  close(): void {
    this.closed = true;
    if (this.recordTimer) clearTimeout(this.recordTimer);
    this.recordPending();
    this.pty?.kill();
    this.pty = null;
    for (const client of this.clients) client.end?.();
    this.clients.clear();
  }
}
