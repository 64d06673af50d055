import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import type { Keystroke, TypingScript } from './trace-typist.ts';

/** One simulated browser: a provider syncing a Y.Doc. */
export interface BenchClient {
  doc: Y.Doc;
  synced(): boolean;
  destroy(): void;
}

/** Opens a client of session `session` (0-based) as its candidate or an observer. */
export type OpenClient = (session: number, role: 'candidate' | 'observer') => Promise<BenchClient>;

export interface LoadOptions {
  sessions: number;
  observers: number;
  /** Keystrokes per second per candidate. */
  rate: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** Keystroke-to-observer latencies (ms), one per observer per measured keystroke. */
  latencies: number[];
  /** Keystrokes typed while measuring. */
  keystrokes: number;
  /** Keystroke deliveries still missing when the run ended. */
  undelivered: number;
  /** Seconds the typing window lasted (the CPU window). */
  typingSeconds: number;
}

export interface LoadHooks {
  /** Called when the typing window opens and closes (the caller reads CPU there). */
  onTypingStart(): void;
  onTypingEnd(): void;
}

const FILE = 'App.svelte';
const CONNECT_BATCH = 50;

interface Session {
  candidate: BenchClient;
  observers: BenchClient[];
  /** Measured keystrokes not yet seen by every observer: the candidate's clock after each. */
  sent: { clock: number; at: number }[];
  /** Per observer: index of the first entry of `sent` it has not seen. */
  seen: number[];
}

/**
 * Runs the load: connect everyone, paste each candidate's starting content,
 * then type the trace at `rate` per candidate and time how long each
 * keystroke takes to reach each observer's document. A keystroke is
 * recognised on an observer by the candidate's Yjs clock; keystrokes that
 * only delete do not move that clock and are typed but not timed.
 */
export async function runLoad(
  options: LoadOptions,
  scripts: TypingScript[],
  open: OpenClient,
  hooks: LoadHooks,
): Promise<LoadResult> {
  const sessions = await connectAll(options, open);
  const latencies: number[] = [];
  try {
    sessions.forEach((session, i) => {
      session.candidate.doc.getMap<Y.Text>('files').set(FILE, new Y.Text(scripts[i]!.start));
      session.observers.forEach((observer, o) => {
        const candidateId = session.candidate.doc.clientID;
        observer.doc.on('update', () => {
          const state = Y.getState(observer.doc.store, candidateId);
          const now = performance.now();
          let index = session.seen[o]!;
          while (index < session.sent.length && session.sent[index]!.clock <= state) {
            latencies.push(now - session.sent[index]!.at);
            index += 1;
          }
          session.seen[o] = index;
        });
      });
    });
    await sleep(options.warmupSeconds * 1000);

    let keystrokes = 0;
    const timers: NodeJS.Timeout[] = [];
    const interval = 1000 / options.rate;
    hooks.onTypingStart();
    const started = performance.now();
    sessions.forEach((session, i) => {
      const script = scripts[i]!;
      let next = 0;
      const type = () => {
        const keystroke = script.keystrokes[next++ % script.keystrokes.length]!;
        const doc = session.candidate.doc;
        doc.transact(() => applyKeystroke(doc.getMap<Y.Text>('files').get(FILE)!, keystroke));
        keystrokes += 1;
        const clock = Y.getState(doc.store, doc.clientID);
        const last = session.sent.at(-1)?.clock ?? 0;
        if (clock > last) session.sent.push({ clock, at: performance.now() });
      };
      // A random phase, so candidates do not type in lockstep.
      const phase = setTimeout(() => {
        type();
        timers.push(setInterval(type, interval));
      }, Math.random() * interval);
      timers.push(phase);
    });
    await sleep(options.durationSeconds * 1000);
    for (const timer of timers) clearInterval(timer);
    const typingSeconds = (performance.now() - started) / 1000;
    hooks.onTypingEnd();
    // Let the last keystrokes arrive.
    await sleep(2000);
    let undelivered = 0;
    for (const session of sessions) {
      for (const seen of session.seen) undelivered += session.sent.length - seen;
    }
    return { latencies, keystrokes, undelivered, typingSeconds };
  } finally {
    for (const session of sessions) {
      session.candidate.destroy();
      for (const observer of session.observers) observer.destroy();
    }
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

async function connectAll(options: LoadOptions, open: OpenClient): Promise<Session[]> {
  const clients: BenchClient[] = [];
  const jobs: (() => Promise<BenchClient>)[] = [];
  for (let s = 0; s < options.sessions; s++) {
    jobs.push(() => open(s, 'candidate'));
    for (let o = 0; o < options.observers; o++) jobs.push(() => open(s, 'observer'));
  }
  for (let start = 0; start < jobs.length; start += CONNECT_BATCH) {
    const batch = await Promise.all(jobs.slice(start, start + CONNECT_BATCH).map((job) => job()));
    clients.push(...batch);
    await waitFor(() => batch.every((client) => client.synced()), 60_000, 'clients to sync');
  }
  const sessions: Session[] = [];
  for (let s = 0, i = 0; s < options.sessions; s++) {
    const candidate = clients[i++]!;
    const observers = clients.slice(i, i + options.observers);
    i += options.observers;
    sessions.push({ candidate, observers, sent: [], seen: observers.map(() => 0) });
  }
  return sessions;
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench collab: timed out waiting for ${what}.`);
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
