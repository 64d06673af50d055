import type { HistoryMeta } from '../../protocol/history-format.ts';
import { type Chunk, joinOrigins, joinTexts } from './chunked-text.ts';
import type { FileTrack } from './file-track.ts';

/**
 * The index of one session history: answers "what did every file look like
 * after update s" (a step) and "at time t" from per-file snapshots and
 * invertible splices, without touching Yjs again. Built by `buildReplayIndex`.
 */

/** A value that changed at some steps (folders, meta). */
export interface Versioned<T> {
  step: number;
  value: T;
}

/** Who sent an update and why, from the update log. */
export interface StepInfo {
  /** 1-based: the state after this update is step `step`. */
  step: number;
  seq: number;
  at: number;
  origin: string;
  senderRole: string;
  senderId: string;
  clientId: number | null;
  /** Characters this update inserted and removed, over all files. */
  inserted: number;
  removed: number;
  /** Paths of the files whose text or existence it changed. */
  paths: string[];
}

/** Everything `ReplayIndex` holds; filled by the builder. */
export interface ReplayIndexParts {
  meta: HistoryMeta;
  /** Origin names; characters carry indexes into this table. */
  origins: string[];
  /** times[s] is the time of step s, never decreasing (length: updates + 1). */
  times: Float64Array;
  seqs: Float64Array;
  stepOrigins: Uint16Array;
  stepSenders: Uint32Array;
  senders: Array<{ role: string; id: string }>;
  /** NaN where the log does not know the Yjs client. */
  clientIds: Float64Array;
  inserted: Uint32Array;
  removed: Uint32Array;
  tracks: FileTrack[];
  folders: Versioned<string[]>[];
  metaVersions: Versioned<Record<string, unknown>>[];
}

/** One file at one instant. Its text is joined on first use. */
export class FileState {
  readonly path: string;
  /** Stable across the file's edits; a rename starts a new id (see `renamedFrom`). */
  readonly fileId: number;
  readonly renamedFrom: string | null;
  /** Origin names indexed by the codes of `originCodes()`. */
  readonly originNames: readonly string[];
  private readonly chunks: readonly Chunk[];
  private joined: string | null = null;

  constructor(track: FileTrack, chunks: readonly Chunk[], originNames: readonly string[]) {
    this.path = track.path;
    this.fileId = track.id;
    this.renamedFrom = track.renamedFrom?.path ?? null;
    this.chunks = chunks;
    this.originNames = originNames;
  }

  get text(): string {
    this.joined ??= joinTexts(this.chunks);
    return this.joined;
  }

  /** One character per character of `text`; its char code indexes `originNames`. */
  originCodes(): string {
    return joinOrigins(this.chunks);
  }

  /** The immutable chunks behind `text`, for per-chunk caches (provenance runs). */
  chunkList(): readonly Chunk[] {
    return this.chunks;
  }
}

/** Every file, the folders and the meta map at one step. */
export interface SessionState {
  step: number;
  at: number;
  /** Sorted by path. */
  files: FileState[];
  folders: string[];
  meta: Record<string, unknown>;
}

export class ReplayIndex {
  readonly meta: HistoryMeta;
  /** Origin names, indexed by the codes characters carry. */
  readonly origins: readonly string[];
  private readonly parts: ReplayIndexParts;

  constructor(parts: ReplayIndexParts) {
    this.parts = parts;
    this.meta = parts.meta;
    this.origins = parts.origins;
  }

  /** Number of updates; steps run from 0 (before the first) to this. */
  get stepCount(): number {
    return this.parts.seqs.length;
  }

  get startTime(): number {
    return this.parts.times[0]!;
  }

  get endTime(): number {
    return this.parts.times[this.stepCount]!;
  }

  /** The time of a step (step 0: the start of the history). */
  timeOfStep(step: number): number {
    return this.parts.times[this.checkStep(step)]!;
  }

  /** The last step at or before `time` (0 before the first update). */
  stepAt(time: number): number {
    const times = this.parts.times;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! <= time) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  /** The origin of the update that produced `step` (1 … stepCount). */
  stepOrigin(step: number): string {
    return this.parts.origins[this.parts.stepOrigins[this.checkUpdate(step) - 1]!]!;
  }

  /** Characters inserted by the update that produced `step`, over all files. */
  stepInserted(step: number): number {
    return this.parts.inserted[this.checkUpdate(step) - 1]!;
  }

  /** What the update that produced `step` (1 … stepCount) was. */
  stepInfo(step: number): StepInfo {
    const p = this.parts;
    const i = this.checkUpdate(step) - 1;
    const sender = p.senders[p.stepSenders[i]!]!;
    const clientId = p.clientIds[i]!;
    const paths = p.tracks
      .filter((t) => t.createdStep === step || t.deletedStep === step || t.changedAt(step))
      .map((t) => t.path);
    return {
      step,
      seq: p.seqs[i]!,
      at: p.times[step]!,
      origin: p.origins[p.stepOrigins[i]!]!,
      senderRole: sender.role,
      senderId: sender.id,
      clientId: Number.isNaN(clientId) ? null : clientId,
      inserted: p.inserted[i]!,
      removed: p.removed[i]!,
      paths: [...new Set(paths)],
    };
  }

  /** The files, folders and meta after `step` updates. */
  stateAtStep(step: number): SessionState {
    this.checkStep(step);
    const files = this.tracksAt(step).map((track) => this.fileOf(track, step));
    return {
      step,
      at: this.parts.times[step]!,
      files,
      folders: versionAt(this.parts.folders, step),
      meta: versionAt(this.parts.metaVersions, step),
    };
  }

  /** The session as it was at `time` (ms since the epoch). */
  stateAt(time: number): SessionState {
    return this.stateAtStep(this.stepAt(time));
  }

  /** One file after `step` updates, or null when no file has that path then. */
  fileAtStep(step: number, path: string): FileState | null {
    this.checkStep(step);
    const track = this.parts.tracks.find((t) => t.path === path && t.existsAt(step));
    return track ? this.fileOf(track, step) : null;
  }

  /** The file tracks alive at `step`, sorted by path. */
  tracksAt(step: number): FileTrack[] {
    return this.parts.tracks
      .filter((t) => t.existsAt(step))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Every file track of the history, in creation order. */
  allTracks(): readonly FileTrack[] {
    return this.parts.tracks;
  }

  /** A track's file at `step` (it must exist then). */
  fileOf(track: FileTrack, step: number): FileState {
    const chunks = track.textAfter(track.changesUpTo(step)).snapshot();
    return new FileState(track, chunks, this.origins);
  }

  private checkUpdate(step: number): number {
    if (step < 1 || step > this.stepCount || !Number.isInteger(step)) {
      throw new RangeError(`step ${step} is not an update (1 … ${this.stepCount})`);
    }
    return step;
  }

  private checkStep(step: number): number {
    if (step < 0 || step > this.stepCount || !Number.isInteger(step)) {
      throw new RangeError(`step ${step} is outside 0 … ${this.stepCount}`);
    }
    return step;
  }
}

function versionAt<T>(versions: readonly Versioned<T>[], step: number): T {
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (versions[mid]!.step <= step) lo = mid + 1;
    else hi = mid;
  }
  return versions[Math.max(0, lo - 1)]!.value;
}
