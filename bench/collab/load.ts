import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import type { AckProbe } from './ack-latency.ts';
import type { Keystroke, TypingScript } from './trace-typist.ts';

/** One simulated browser: a provider syncing a Y.Doc. */
export interface BenchClient {
  doc: Y.Doc;
  synced(): boolean;
  /** Times acknowledgements (Tandem's candidates only). */
  acks?: AckProbe;
  destroy(): void;
}

/** Opens a client of session `session` (0-based) as its candidate or an observer. */
export type OpenClient = (session: number, role: 'candidate' | 'observer') => Promise<BenchClient>;

const FILE = 'App.svelte';
const CONNECT_BATCH = 50;

interface Session {
  candidate: BenchClient;
  observers: BenchClient[];
  script: TypingScript;
  /** Next keystroke of the script. */
  next: number;
  /** The candidate's Yjs clock after its last keystroke. */
  clock: number;
  /** Measured keystrokes: the candidate's clock after each, and when it was typed. */
  sent: { clock: number; at: number }[];
  /** Per observer: index of the first entry of `sent` it has not seen. */
  seen: number[];
}

/**
 * The sessions of one server under load: each candidate types its script,
 * and every keystroke is timed from the candidate's transaction to each
 * observer's document. A keystroke is recognised on an observer by the
 * candidate's Yjs clock; keystrokes that only delete do not move that clock,
 * so they are typed but not timed.
 */
export class LiveSessions {
  readonly latencies: number[] = [];
  keystrokes = 0;
  private readonly sessions: Session[];

  private constructor(sessions: Session[]) {
    this.sessions = sessions;
    for (const session of sessions) {
      const candidateId = session.candidate.doc.clientID;
      session.observers.forEach((observer, o) => {
        observer.doc.on('update', () => {
          const state = Y.getState(observer.doc.store, candidateId);
          const now = performance.now();
          let index = session.seen[o]!;
          while (index < session.sent.length && session.sent[index]!.clock <= state) {
            this.latencies.push(now - session.sent[index]!.at);
            index += 1;
          }
          session.seen[o] = index;
        });
      });
    }
  }

  /** Connects every client, in batches, each synced before the next. */
  static async open(
    count: number,
    observers: number,
    scripts: TypingScript[],
    open: OpenClient,
  ): Promise<LiveSessions> {
    const jobs: (() => Promise<BenchClient>)[] = [];
    for (let s = 0; s < count; s++) {
      jobs.push(() => open(s, 'candidate'));
      for (let o = 0; o < observers; o++) jobs.push(() => open(s, 'observer'));
    }
    const clients: BenchClient[] = [];
    try {
      for (let start = 0; start < jobs.length; start += CONNECT_BATCH) {
        const batch = await Promise.all(
          jobs.slice(start, start + CONNECT_BATCH).map((job) => job()),
        );
        clients.push(...batch);
        await waitFor(() => batch.every((client) => client.synced()), 60_000, 'clients to sync');
      }
    } catch (error) {
      for (const client of clients) client.destroy();
      throw error;
    }
    const sessions: Session[] = [];
    for (let s = 0, i = 0; s < count; s++) {
      const candidate = clients[i++]!;
      const sessionObservers = clients.slice(i, i + observers);
      i += observers;
      sessions.push({
        candidate,
        observers: sessionObservers,
        script: scripts[s]!,
        next: 0,
        clock: 0,
        sent: [],
        seen: sessionObservers.map(() => 0),
      });
    }
    return new LiveSessions(sessions);
  }

  /**
   * Each candidate pastes its starting file at a random moment within
   * `seconds` (interviews do not all start at once), then waits the rest.
   */
  async start(seconds: number): Promise<void> {
    const pastes = this.sessions.map(
      (session) =>
        new Promise<void>((resolve) =>
          setTimeout(
            () => {
              const doc = session.candidate.doc;
              doc.getMap<Y.Text>('files').set(FILE, new Y.Text(session.script.start));
              session.clock = Y.getState(doc.store, doc.clientID);
              resolve();
            },
            Math.random() * seconds * 1000,
          ),
        ),
    );
    await Promise.all([...pastes, sleep(seconds * 1000)]);
  }

  /** Every candidate types `rate` keystrokes a second, each with its own phase, for `seconds`. */
  async typeFor(seconds: number, rate: number): Promise<void> {
    const interval = 1000 / rate;
    const timers: NodeJS.Timeout[] = [];
    for (const session of this.sessions) {
      const type = () => this.type(session);
      timers.push(
        setTimeout(() => {
          type();
          timers.push(setInterval(type, interval));
        }, Math.random() * interval),
      );
    }
    await sleep(seconds * 1000);
    for (const timer of timers) clearInterval(timer);
  }

  /** Keystroke-to-acknowledgement latencies of every candidate that measures them. */
  acks(kind: 'applied' | 'durable'): number[] {
    return this.sessions.flatMap((session) => session.candidate.acks?.[kind] ?? []);
  }

  /** Keystroke deliveries to observers still missing. */
  undelivered(): number {
    let missing = 0;
    for (const session of this.sessions) {
      for (const seen of session.seen) missing += session.sent.length - seen;
    }
    return missing;
  }

  close(): void {
    for (const session of this.sessions) {
      session.candidate.destroy();
      for (const observer of session.observers) observer.destroy();
    }
  }

  private type(session: Session): void {
    const keystroke = session.script.keystrokes[session.next++ % session.script.keystrokes.length]!;
    const doc = session.candidate.doc;
    doc.transact(() => applyKeystroke(doc.getMap<Y.Text>('files').get(FILE)!, keystroke));
    this.keystrokes += 1;
    session.candidate.acks?.typed();
    const clock = Y.getState(doc.store, doc.clientID);
    if (clock > session.clock) session.sent.push({ clock, at: performance.now() });
    session.clock = clock;
  }
}

function applyKeystroke(text: Y.Text, keystroke: Keystroke): void {
  for (const [position, deleteCount, insert] of keystroke) {
    const at = Math.min(position, text.length);
    const removable = Math.min(deleteCount, text.length - at);
    if (removable > 0) text.delete(at, removable);
    if (insert) text.insert(at, insert);
  }
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench collab: timed out waiting for ${what}.`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
