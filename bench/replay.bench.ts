// `npm run bench -- replay [--seeks N] [--baseline-seeks N] [--limit N] [--default-only]`:
// the B4 editing trace (automerge-paper, 259,778 single-character edits)
// recorded as a session history, one real Yjs update per edit with synthetic
// times; then the history format's size and speed, the replay index's build
// time and memory, and seek times against rebuilding with Yjs — all in one
// run. See docs/decisions/007-replay-engine.md.
//
// Seek instants are drawn uniformly over time and uniformly over steps (a
// trace's edits are not spread evenly in time); the first seeks of a freshly
// built index in a fresh process (cold) are reported beside the same seeks
// again (warm); and the state at every instant a seek lands on is compared
// with Yjs' own (every update applied in order, see `YjsTruth`): the step,
// and each file's path and text. A mismatch fails the bench.
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { buildReplayIndex, type ReplayOptions } from '../app/replay/build-index.ts';
import { diffSteps } from '../app/replay/diff.ts';
import { pseudoRandom } from '../app/replay/fixtures/random.ts';
import { checkpointsOf } from '../app/replay/fixtures/session-recorder.ts';
import { traceToHistory } from '../app/replay/fixtures/trace-session.ts';
import { sessionProvenance } from '../app/replay/provenance.ts';
import type { ReplayIndex, SessionState } from '../app/replay/replay-index.ts';
import { buildTimeline } from '../app/replay/timeline.ts';
import { SESSION_DOC } from '../protocol/documents.ts';
import { decodeHistory, encodeHistory, type SessionHistory } from '../protocol/history-format.ts';
import { loadTrace } from '../tests/support/traces.ts';
import { type BenchRow, percentile, writeReport } from './report.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

const option = (args: string[], name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

/** Wall time, and the process' CPU time: on a shared machine the gap is time spent descheduled. */
interface Sample {
  wall: number;
  cpu: number;
}

function time<T>(work: () => T): [T, Sample] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = work();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return [result, { wall, cpu: (used.user + used.system) / 1000 }];
}

function stats(label: string, samples: Sample[], extra: BenchRow = {}): BenchRow {
  const wall = samples.map((s) => s.wall);
  const cpu = samples.map((s) => s.cpu);
  return {
    measure: label,
    samples: samples.length,
    p50_ms: percentile(wall, 50),
    p99_ms: percentile(wall, 99),
    max_ms: Math.max(...wall),
    cpu_p50_ms: percentile(cpu, 50),
    cpu_p99_ms: percentile(cpu, 99),
    ...extra,
  };
}

/** Every file's text, as a reader of the state needs it. */
function readFiles(doc: Y.Doc): number {
  let chars = 0;
  for (const [, text] of doc.getMap(SESSION_DOC.files)) chars += String(text).length;
  return chars;
}

export async function run(args: string[]): Promise<void> {
  const seeks = option(args, 'seeks', 1000);
  const baselineSeeks = option(args, 'baseline-seeks', 15);
  const trace = loadTrace('automerge-paper');
  const limit = option(args, 'limit', trace.txns.length);
  const rows: BenchRow[] = [];
  const notes: string[] = [];

  const [history, generateMs] = time(() => traceToHistory(trace, { limit }));
  const n = history.updates.length;
  notes.push(`history: ${n} updates (one per edit) generated in ${Math.round(generateMs.wall)} ms`);
  const [checkpoints, checkpointMs] = time(() => checkpointsOf(history.updates, 1000));
  notes.push(
    `${checkpoints.length} checkpoints (every 1000 updates) built in ${Math.round(checkpointMs.wall)} ms`,
  );

  // The format: size against JSON with base64 per row, and speed.
  const withCheckpoints: SessionHistory = { ...history, checkpoints };
  for (const [label, h] of [
    ['log only', history],
    ['log + checkpoints/1000', withCheckpoints],
  ] as const) {
    const binary = encodeHistory(h);
    const json = Buffer.from(asJson(h));
    rows.push({
      measure: `format size, ${label}`,
      binary_MB: binary.byteLength / MB,
      binary_gzip_MB: gzipSync(binary).byteLength / MB,
      json_b64_MB: json.byteLength / MB,
      json_b64_gzip_MB: gzipSync(json).byteLength / MB,
      ratio: json.byteLength / binary.byteLength,
    });
  }
  const encodeTimes: Sample[] = [];
  const decodeTimes: Sample[] = [];
  let bytes: Uint8Array = new Uint8Array();
  for (let i = 0; i < 5; i++) {
    const [encoded, encodeMs] = time(() => encodeHistory(history));
    bytes = encoded;
    encodeTimes.push(encodeMs);
    decodeTimes.push(time(() => decodeHistory(bytes))[1]);
  }
  rows.push(stats('format encode (log only)', encodeTimes));
  rows.push(stats('format decode (log only)', decodeTimes));

  const random = pseudoRandom(42);
  const start = history.updates[0]!.at;
  const end = history.updates.at(-1)!.at;
  const instants = Array.from({ length: seeks }, () => start + random() * (end - start));
  // Uniform over steps 0 … n, as instants (the time of that step's update).
  const stepTargets = Array.from({ length: seeks }, () => Math.floor(random() * (n + 1)));
  const [truth, truthMs] = time(
    () =>
      new YjsTruth(history, [...instants.map((at) => stepOfTime(history, at)), ...stepTargets, n]),
  );
  notes.push(
    `checked: ${truth.size} distinct steps against Yjs applying every update in order (${Math.round(truthMs.wall)} ms); every seek below is compared with it`,
  );

  // Cold: the first seeks of this process on a freshly built index; warm: the same seeks again.
  {
    const index = buildReplayIndex(history);
    const cold = instants.map((at) => checkedSeek(index, truth, { at }));
    const warm = instants.map((at) => checkedSeek(index, truth, { at }));
    rows.push(stats('seek, default layout, uniform in time, cold (first pass)', cold));
    rows.push(stats('seek, default layout, uniform in time, warm (same instants again)', warm));
    const index2 = buildReplayIndex(history);
    const stepsCold = stepTargets.map((step) => checkedSeek(index2, truth, { step }));
    const stepsWarm = stepTargets.map((step) => checkedSeek(index2, truth, { step }));
    rows.push(stats('seek, default layout, uniform in steps, cold (new index)', stepsCold));
    rows.push(stats('seek, default layout, uniform in steps, warm (same steps again)', stepsWarm));
  }

  // The engine in several layouts, for the decision record; then the chosen one.
  const layouts: Array<[string, ReplayOptions]> = [
    ['K=16 C=512', { snapshotEvery: 16, chunkSize: 512 }],
    ['K=64 C=512', { snapshotEvery: 64, chunkSize: 512 }],
    ['K=256 C=512', { snapshotEvery: 256, chunkSize: 512 }],
    ['K=1024 C=512', { snapshotEvery: 1024, chunkSize: 512 }],
    ['K=64 C=128', { snapshotEvery: 64, chunkSize: 128 }],
    ['K=64 C=1024', { snapshotEvery: 64, chunkSize: 1024 }],
    ['K=32 C=2048', { snapshotEvery: 32, chunkSize: 2048 }],
    ['K=64 C=2048', { snapshotEvery: 64, chunkSize: 2048 }],
    ['K=128 C=2048', { snapshotEvery: 128, chunkSize: 2048 }],
  ];
  const selected = args.includes('--default-only') ? [] : layouts;
  for (const [label, options] of selected)
    rows.push(measureLayout(`seek, engine ${label}`, history, options, instants, truth));
  rows.push(measureLayout('seek, engine default layout', history, {}, instants, truth));
  const index = buildReplayIndex(history);
  if (limit === trace.txns.length && index.stateAtStep(n).files[0]!.text !== trace.endContent) {
    throw new Error('the replayed end state differs from the trace');
  }
  if (limit === trace.txns.length && truth.text(n) !== trace.endContent) {
    throw new Error('Yjs’ end state differs from the trace');
  }
  const withProvenance = instants.map((at) => time(() => sessionProvenance(index.stateAt(at)))[1]);
  rows.push(stats('seek + provenance runs, default layout', withProvenance));

  // Diffs and the timeline, for the view's budget.
  const minute = instants
    .slice(0, 100)
    .map((at) => time(() => diffSteps(index, index.stepAt(at - 60_000), index.stepAt(at)))[1]);
  rows.push(stats('diff over a 1-minute window', minute));
  rows.push(stats('diff whole session (step 1 → end)', [time(() => diffSteps(index, 1, n))[1]]));
  rows.push(stats('timeline build', [time(() => buildTimeline(index, history))[1]]));

  // References: Yjs checkpoints + replay, createDocFromSnapshot, and rebuilding from the start.
  const checkpointSeeks = instants.slice(0, 200).map((at) => {
    const step = index.stepAt(at);
    return checkedYjs(truth, step, 'Yjs checkpoint + updates', () =>
      fromCheckpoint(history, checkpoints, step),
    );
  });
  rows.push(stats('seek, Yjs checkpoint/1000 + updates', checkpointSeeks));
  const targets = instants.slice(0, baselineSeeks).map((at) => index.stepAt(at));
  const snapshotTimes = snapshotSeeks(history, targets, truth);
  rows.push(stats('seek, Y.createDocFromSnapshot', snapshotTimes));
  const rebuildTimes = targets.map((step) =>
    checkedYjs(truth, step, 'rebuild from the start', () => rebuild(history, step)),
  );
  rows.push(stats('seek, rebuild from the start (baseline)', rebuildTimes));
  rows.push(
    stats('Yjs: apply the whole log once (no index)', [
      checkedYjs(truth, n, 'Yjs applying the whole log', () => rebuild(history, n)),
    ]),
  );

  notes.push(
    'cold = the first pass of seeks on a freshly built index (the first seeks of the process for "uniform in time"); warm = the same seeks again on that index',
    `seek = state of every file at a random instant (uniform in time unless the row says steps) with each file's text joined, and checked against Yjs (outside the timing); ${seeks} seeks per engine layout, ` +
      `200 for Yjs checkpoints, ${baselineSeeks} for createDocFromSnapshot and for the baseline (same instants, first ones)`,
    'K = a file snapshot every K changes of that file; C = largest chunk in UTF-16 units; index_heap = heap retained by the index (after GC, with minus without); rss_growth = RSS after the build and seeks minus before',
    'cpu_* = process CPU time (all threads) per sample: on a shared machine, wall minus CPU is time spent waiting for a core',
    `machine: ${cpus().length} cores, load average before the run ${loadavg()[0]!.toFixed(2)} (shared with other work)`,
  );
  writeReport({
    name: 'replay',
    parameters: { trace: 'automerge-paper', updates: n, seeks, baselineSeeks },
    rows,
    notes,
  });
}

/**
 * Builds an index, seeks, then drops it: retained heap is the heap after GC
 * with the index minus the heap after GC without it, measured back to back.
 */
function measureLayout(
  label: string,
  history: SessionHistory,
  options: ReplayOptions,
  instants: number[],
  truth: YjsTruth,
): BenchRow {
  gc();
  const rssBefore = process.memoryUsage().rss;
  // Held only here, so that dropping it lets GC free the whole index.
  const holder: { index: ReplayIndex | null } = { index: null };
  const build = time(() => {
    holder.index = buildReplayIndex(history, options);
  })[1];
  const seekTimes = instants.map((at) => checkedSeek(holder.index!, truth, { at }));
  gc();
  const withIndex = process.memoryUsage();
  holder.index = null;
  gc();
  const retained = withIndex.heapUsed - process.memoryUsage().heapUsed;
  return stats(label, seekTimes, {
    build_ms: build.wall,
    build_cpu_ms: build.cpu,
    index_heap_MB: retained / MB,
    rss_growth_MB: (withIndex.rss - rssBefore) / MB,
  });
}

/**
 * One seek, timed: the state at a time or a step with every file's text
 * joined; then (untimed) compared with Yjs' state at the step the time falls
 * on. Throws on any difference.
 */
function checkedSeek(
  index: ReplayIndex,
  truth: YjsTruth,
  target: { at: number } | { step: number },
): Sample {
  const [state, sample] = time(() => {
    const state = 'at' in target ? index.stateAt(target.at) : index.stateAtStep(target.step);
    for (const file of state.files) void file.text;
    return state;
  });
  const step = 'at' in target ? truth.stepAt(target.at) : target.step;
  if (state.step !== step) {
    throw new Error(
      `replay: a seek to ${JSON.stringify(target)} landed on step ${state.step}, not ${step}`,
    );
  }
  truth.check(step, digestOfState(state), `the replay index at ${JSON.stringify(target)}`);
  return sample;
}

/** The step a time falls on: updates at or before it (times never go back). */
function stepOfTime(history: SessionHistory, at: number): number {
  let lo = 0;
  let hi = history.updates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (history.updates[mid]!.at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every file's path and text, sorted by path, as one digest. */
function digestOf(files: Iterable<[string, string]>): string {
  const hash = createHash('sha1');
  for (const [path, text] of [...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    hash.update(path).update('\0').update(text).update('\0');
  }
  return hash.digest('hex');
}

function digestOfState(state: SessionState): string {
  return digestOf(state.files.map((file) => [file.path, file.text]));
}

function digestOfDoc(doc: Y.Doc): string {
  return digestOf(
    [...doc.getMap<Y.Text>(SESSION_DOC.files)].map(([path, text]) => [path, text.toString()]),
  );
}

/**
 * The expected state at the steps the bench seeks: Yjs applying the
 * updates in order to one document, each wanted step's files digested (and
 * the text of the last kept, for the trace's end state).
 */
class YjsTruth {
  private readonly digests = new Map<number, string>();
  private readonly history: SessionHistory;
  private lastText = '';
  private lastStep = -1;

  constructor(history: SessionHistory, steps: number[]) {
    this.history = history;
    const wanted = new Set(steps);
    const last = Math.max(...steps);
    const doc = new Y.Doc();
    const keep = (step: number) => {
      if (!wanted.has(step)) return;
      this.digests.set(step, digestOfDoc(doc));
      if (step === last) {
        this.lastStep = step;
        this.lastText = [...doc.getMap<Y.Text>(SESSION_DOC.files).values()].map(String).join('');
      }
    };
    keep(0);
    for (let i = 0; i < last; i++) {
      Y.applyUpdate(doc, history.updates[i]!.bytes);
      keep(i + 1);
    }
    doc.destroy();
  }

  get size(): number {
    return this.digests.size;
  }

  stepAt(at: number): number {
    return stepOfTime(this.history, at);
  }

  /** Joined text of every file at the last wanted step. */
  text(step: number): string {
    if (step !== this.lastStep) throw new Error(`replay: no text kept for step ${step}`);
    return this.lastText;
  }

  /** Throws unless `digest` is Yjs' state at `step`. */
  check(step: number, digest: string, what: string): void {
    const expected = this.digests.get(step);
    if (expected === undefined) throw new Error(`replay: step ${step} was not computed by Yjs`);
    if (digest !== expected) {
      throw new Error(`replay: ${what} (step ${step}) differs from Yjs' state at that step`);
    }
  }
}

function asJson(h: SessionHistory): string {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return JSON.stringify({
    meta: h.meta,
    updates: h.updates.map((u) => ({
      ...u,
      at: new Date(u.at).toISOString(),
      bytes: b64(u.bytes),
    })),
    checkpoints: h.checkpoints.map((c) => ({
      ...c,
      at: new Date(c.at).toISOString(),
      state: b64(c.state),
    })),
    events: h.events,
    notes: h.notes && b64(h.notes),
  });
}

/** Yjs' own way (the caller destroys the document): the nearest checkpoint at or before the step, then the updates after it. */
function fromCheckpoint(
  history: SessionHistory,
  checkpoints: SessionHistory['checkpoints'],
  step: number,
): Y.Doc {
  const doc = new Y.Doc();
  const base = checkpoints.findLast((c) => c.seq <= step);
  if (base) Y.applyUpdate(doc, base.state);
  for (let i = base?.seq ?? 0; i < step; i++) Y.applyUpdate(doc, history.updates[i]!.bytes);
  readFiles(doc);
  return doc;
}

/** Every update up to `step` applied to a new document (the caller destroys it). */
function rebuild(history: SessionHistory, step: number): Y.Doc {
  const doc = new Y.Doc();
  for (let i = 0; i < step; i++) Y.applyUpdate(doc, history.updates[i]!.bytes);
  readFiles(doc);
  return doc;
}

/** Times a Yjs seek, then (untimed) checks its document against the truth and destroys it. */
function checkedYjs(truth: YjsTruth, step: number, what: string, seek: () => Y.Doc): Sample {
  const [doc, sample] = time(seek);
  truth.check(step, digestOfDoc(doc), what);
  doc.destroy();
  return sample;
}

/** createDocFromSnapshot over one gc:false document holding the whole history. */
function snapshotSeeks(history: SessionHistory, steps: number[], truth: YjsTruth): Sample[] {
  const doc = new Y.Doc({ gc: false });
  const wanted = new Set(steps);
  const snapshots = new Map<number, Y.Snapshot>();
  if (wanted.has(0)) snapshots.set(0, Y.snapshot(doc));
  history.updates.forEach((update, i) => {
    Y.applyUpdate(doc, update.bytes);
    if (wanted.has(i + 1)) snapshots.set(i + 1, Y.snapshot(doc));
  });
  return steps.map((step) =>
    checkedYjs(truth, step, 'Y.createDocFromSnapshot', () => {
      const copy = Y.createDocFromSnapshot(doc, snapshots.get(step)!);
      readFiles(copy);
      return copy;
    }),
  );
}
