import type {
  DiffResult,
  Frame,
  FrameRequest,
  ReplayOverview,
  ViewRequest,
  WorkerReply,
} from '../../replay/view-messages.ts';

export interface ReplayClientEvents {
  onProgress(bytes: number): void;
  onReady(overview: ReplayOverview): void;
  onFailed(code: string, message: string): void;
  /** A frame the worker could not compute (the view keeps showing the last one). */
  onFrameError?(error: Error): void;
}

interface Waiting<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/** A request the worker could not answer; `code` as in view-messages.ts. */
export class ReplayRequestError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ReplayRequestError';
    this.code = code;
  }
}

/**
 * The page's side of the replay worker. Frames are latest-wins: while one is
 * being computed, newer requests replace each other and only the last is
 * sent, so dragging the playhead never queues up stale instants and the
 * editor shows where the pointer is, not where it was.
 */
export class ReplayClient {
  private readonly worker: Worker;
  private readonly events: ReplayClientEvents;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting<Frame | DiffResult>>();
  private frameBusy = false;
  private measured = 0;
  private closed = false;
  private queued: { request: () => FrameRequest; apply: (frame: Frame) => void } | null = null;

  constructor(workerUrl: string, historyUrl: string, events: ReplayClientEvents) {
    this.events = events;
    this.worker = new Worker(workerUrl, { type: 'module', name: 'replay' });
    this.worker.onmessage = (event: MessageEvent<WorkerReply>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      events.onFailed('REPLAY_WORKER_FAILED', event.message || 'The replay worker stopped.');
    };
    this.post({ type: 'open', url: historyUrl });
  }

  /**
   * Asks for the frame of an instant. `request` is called when the request is
   * actually sent (so it describes what the editor holds then) and `apply`
   * when its frame arrives, before the next request goes out; a request
   * replaced by a newer one before it was sent is dropped.
   */
  frame(request: () => FrameRequest, apply: (frame: Frame) => void): void {
    if (this.frameBusy) {
      this.queued = { request, apply };
      return;
    }
    this.sendFrame(request, apply);
  }

  diff(fromStep: number, toStep: number): Promise<DiffResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: Frame | DiffResult) => void, reject });
      this.post({ type: 'diff', id, fromStep, toStep });
    });
  }

  destroy(): void {
    this.closed = true;
    this.queued = null;
    this.worker.terminate();
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting)
      w.reject(new ReplayRequestError('REPLAY_CLOSED', 'The replay was closed.'));
  }

  private sendFrame(request: () => FrameRequest, apply: (frame: Frame) => void): void {
    const id = this.nextId++;
    this.frameBusy = true;
    const sent = performance.now();
    const done = () => {
      this.frameBusy = false;
      // Read by the replay's performance checks (scrub latency), not by the UI;
      // cleared now and then so hours of playback do not pile them up.
      if (++this.measured % 1000 === 0) performance.clearMeasures('replay-frame');
      performance.measure('replay-frame', { start: sent, end: performance.now() });
      const next = this.queued;
      this.queued = null;
      if (next && !this.closed) this.sendFrame(next.request, next.apply);
    };
    this.waiting.set(id, {
      resolve: (frame) => {
        try {
          apply(frame as Frame);
        } finally {
          done();
        }
      },
      reject: (error) => {
        done();
        if (!this.closed) this.events.onFrameError?.(error);
      },
    });
    this.post({ type: 'frame', id, request: request() });
  }

  private receive(reply: WorkerReply): void {
    switch (reply.type) {
      case 'progress':
        this.events.onProgress(reply.bytes);
        return;
      case 'ready':
        this.events.onReady(reply.overview);
        return;
      case 'failed':
        this.events.onFailed(reply.code, reply.message);
        return;
      case 'frame':
      case 'diff': {
        const waiting = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        waiting?.resolve(reply.type === 'frame' ? reply.frame : reply.diff);
        return;
      }
      case 'error': {
        const waiting = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        waiting?.reject(new ReplayRequestError(reply.code, reply.message));
      }
    }
  }

  private post(message: ViewRequest): void {
    this.worker.postMessage(message);
  }
}
