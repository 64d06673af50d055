import type { HistoryMeta } from '../../protocol/history-format.ts';
import type { FileChange } from './diff.ts';
import type { ProvenanceKind } from './provenance.ts';
import type { Timeline } from './timeline.ts';

/**
 * What the replay view and the replay worker say to each other. Everything is
 * plain data (structured clone): the index stays in the worker, the page gets
 * the timeline once and then one small frame per instant it shows.
 */

/** Characters per provenance kind. */
export type KindCounts = Record<ProvenanceKind, number>;

/** A change of the update log worth its own mark on the pastes track. */
export interface PasteMark {
  at: number;
  step: number;
  chars: number;
  kind: 'paste' | 'ai-paste';
  paths: string[];
}

/** Sent once, when the history is indexed. */
export interface ReplayOverview {
  meta: HistoryMeta;
  timeline: Timeline;
  /** times[s] is the time of step s (never decreasing); `stepCount + 1` entries. */
  times: Float64Array;
  stepCount: number;
  /** When the first file appeared (the starter code): where the view's clock starts. */
  firstFileAt: number;
  pastes: PasteMark[];
  timings: ReplayTimings;
}

/** Where the time to open a replay went (ms, measured in the worker). */
export interface ReplayTimings {
  fetchMs: number;
  bytes: number;
  decodeMs: number;
  indexMs: number;
  timelineMs: number;
  updates: number;
  events: number;
}

export interface FrameRequest {
  step: number;
  /** The file the reviewer opened; null lets the worker pick one. */
  path: string | null;
  /** Show the file edited most recently at `step` instead of `path` (playback). */
  follow: boolean;
  /** Path → text version the view already holds, so those texts are not sent again. */
  have: Record<string, string>;
  /** Edits this long before the instant are highlighted. */
  recentMs: number;
}

export interface FrameFile {
  path: string;
  length: number;
  counts: KindCounts;
}

/** One file's text and colours at one instant. */
export interface FrameText {
  path: string;
  language: string;
  /** `<file id>:<changes applied>`: the same version means the same text and colours. */
  version: string;
  /** Null when the request's `have` equals `version`. */
  text: string | null;
  /** Provenance runs, flat: start, length, kind index in PROVENANCE_KINDS, … */
  runs: number[];
  /** Text inserted within `recentMs` before the instant, flat: offset, length, … */
  recent: number[];
}

export interface Frame {
  step: number;
  at: number;
  /** Sorted by path. */
  files: FrameFile[];
  folders: string[];
  total: KindCounts;
  file: FrameText | null;
}

export interface DiffFile {
  change: FileChange;
  path: string;
  previousPath: string | null;
  before: string;
  after: string;
  added: number;
  removed: number;
  /** Characters added, per provenance kind. */
  addedBy: KindCounts;
}

export interface DiffResult {
  fromStep: number;
  toStep: number;
  files: DiffFile[];
}

export type ViewRequest =
  | { type: 'open'; url: string }
  | { type: 'frame'; id: number; request: FrameRequest }
  | { type: 'diff'; id: number; fromStep: number; toStep: number };

export type WorkerReply =
  | { type: 'progress'; phase: 'indexing'; bytes: number }
  | { type: 'ready'; overview: ReplayOverview }
  | { type: 'failed'; code: string; message: string }
  | { type: 'frame'; id: number; frame: Frame }
  | { type: 'diff'; id: number; diff: DiffResult }
  | { type: 'error'; id: number; code: string; message: string };
