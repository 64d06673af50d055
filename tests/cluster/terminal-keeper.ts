import WebSocket from 'ws';

/**
 * A browser's terminal as the cluster test drives it: reconnects after any
 * close (a dead bridge, a session that moved), appends numbered lines to a
 * workspace file one at a time and counts a line acknowledged when the shell
 * prints its marker after the append.
 */
export class TerminalKeeper {
  sent = 0;
  acknowledged: number[] = [];
  reconnects = 0;
  private socket: WebSocket | null = null;
  private screen = '';
  private pending: number | null = null;
  private stopped = false;
  private ready = false;

  private readonly url: string;
  private readonly file: string;

  constructor(url: string, file: string) {
    this.url = url;
    this.file = file;
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.ready = false;
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; data?: string };
      if (message.type === 'ready') this.ready = true;
      // The bridge refused the input (its lease lapsed for a moment): that line is not acknowledged.
      if (message.type === 'error') this.pending = null;
      if (message.type !== 'output' && message.type !== 'scrollback') return;
      this.screen = (this.screen + (message.data ?? '')).slice(-4000);
      if (this.pending !== null && this.screen.includes(`ack-${this.pending}-done`)) {
        this.acknowledged.push(this.pending);
        this.pending = null;
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.socket !== socket || this.stopped) return;
      this.reconnects += 1;
      // A line whose marker never came may or may not be on disk: it is not counted as acknowledged.
      this.pending = null;
      setTimeout(() => this.connect(), 200);
    });
  }

  /** Appends the next line when the previous one was acknowledged (or given up on). */
  tick(): void {
    if (!this.ready || this.socket?.readyState !== WebSocket.OPEN || this.pending !== null) return;
    this.sent += 1;
    const line = this.sent;
    this.pending = line;
    this.socket.send(
      JSON.stringify({
        type: 'input',
        data: `echo line-${line} >> ${this.file} && echo ack-${line}-"done"\r`,
      }),
    );
  }

  /** Resolves when a line sent after now is acknowledged: the terminal works. */
  async works(timeoutMs: number): Promise<void> {
    const after = this.sent;
    const deadline = Date.now() + timeoutMs;
    while (!this.acknowledged.some((line) => line > after)) {
      if (Date.now() > deadline) throw new Error(`terminal ${this.url} did not recover`);
      this.tick();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    this.stopped = true;
    this.socket?.close();
  }
}
