import { ChunkedText } from './chunked-text.ts';
import type { FileTrack } from './file-track.ts';
import type { ReplayIndex } from './replay-index.ts';

/**
 * What changed between two instants, per file, from the recorded edits rather
 * than a text diff: the text at `from` is marked "kept" and the edits up to
 * `to` are replayed onto it, so every character of the text at `to` is either
 * kept or inserted in between (with its origin); replaying the edits backwards
 * from `to` marks what was removed. Kept characters are the same sequence on
 * both sides, so the hunks fall out of one walk. Text typed and deleted again
 * in between appears on neither side.
 */

/** One changed region: `removed` at `beforeOffset` became `added` at `afterOffset`. */
export interface DiffHunk {
  beforeOffset: number;
  /** 0-based line of `beforeOffset` in the text before. */
  beforeLine: number;
  removed: string;
  afterOffset: number;
  afterLine: number;
  added: string;
  /** Origins of the removed and of the added characters: origin → characters. */
  removedBy: Record<string, number>;
  addedBy: Record<string, number>;
}

export type FileChange = 'added' | 'deleted' | 'modified' | 'renamed';

export interface FileDiff {
  change: FileChange;
  /** The path at `to` (at `from` for a deleted file). */
  path: string;
  /** The path at `from` when it differs (renamed). */
  previousPath: string | null;
  before: string;
  after: string;
  hunks: DiffHunk[];
}

export interface SessionDiff {
  fromStep: number;
  toStep: number;
  /** Changed files only, sorted by path. */
  files: FileDiff[];
}

/** Marks characters present on both sides; origin codes are small numbers. */
const KEPT = 0xffff;

/** Per-file changes between two steps (either order). */
export function diffSteps(index: ReplayIndex, fromStep: number, toStep: number): SessionDiff {
  if (fromStep > toStep) return reverse(diffSteps(index, toStep, fromStep));
  const before = index.tracksAt(fromStep);
  const after = index.tracksAt(toStep);
  const files: FileDiff[] = [];
  // Pair by lineage (edits and renames) first, then what is left by path
  // (a file deleted and created again, or overwritten with a new text).
  const paired = new Set<FileTrack>();
  const lineages = new Map<FileTrack, FileTrack[]>();
  for (const track of after) {
    const lineage = lineageFrom(track, fromStep);
    if (lineage) {
      lineages.set(track, lineage);
      paired.add(lineage[0]!);
    }
  }
  for (const track of after) {
    const lineage = lineages.get(track);
    let diff: FileDiff;
    if (lineage) diff = editedDiff(index, lineage, fromStep, toStep);
    else {
      const old = before.find((t) => t.path === track.path && !paired.has(t));
      if (old) paired.add(old);
      diff = old
        ? replacedDiff(index, old, track, fromStep, toStep)
        : wholeDiff(index, 'added', track, toStep);
    }
    if (diff.hunks.length > 0 || diff.change !== 'modified') files.push(diff);
  }
  for (const track of before) {
    if (!paired.has(track)) files.push(wholeDiff(index, 'deleted', track, fromStep));
  }
  return { fromStep, toStep, files: files.sort(byPath) };
}

const byPath = (a: FileDiff, b: FileDiff) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Per-file changes between two times (ms since the epoch). */
export function diffTimes(index: ReplayIndex, from: number, to: number): SessionDiff {
  return diffSteps(index, index.stepAt(from), index.stepAt(to));
}

/** The tracks from the one alive at `step` to `track`, through renames, or null. */
function lineageFrom(track: FileTrack, step: number): FileTrack[] | null {
  const chain = [track];
  let current: FileTrack | null = track;
  while (current && current.createdStep > step) {
    current = current.renamedFrom;
    if (current) chain.unshift(current);
  }
  return current?.existsAt(step) ? chain : null;
}

function editedDiff(index: ReplayIndex, lineage: FileTrack[], from: number, to: number): FileDiff {
  const first = lineage[0]!;
  const last = lineage.at(-1)!;
  const before = index.fileOf(first, from).text;
  const after = index.fileOf(last, to).text;
  const range = (track: FileTrack): [number, number] => [
    track === first ? track.changesUpTo(from) : 0,
    track.changesUpTo(to),
  ];
  const forward = ChunkedText.from(before, KEPT);
  for (const track of lineage) {
    const [j0, j1] = range(track);
    for (let j = j0 + 1; j <= j1; j++) track.redo(forward, j);
  }
  const backward = ChunkedText.from(after, KEPT);
  for (const track of [...lineage].reverse()) {
    const [j0, j1] = range(track);
    for (let j = j1; j > j0; j--) track.undo(backward, j);
  }
  const hunks = walkHunks(index, before, backward.origins(), after, forward.origins());
  const renamed = first.path !== last.path;
  return {
    change: renamed ? 'renamed' : 'modified',
    path: last.path,
    previousPath: renamed ? first.path : null,
    before,
    after,
    hunks,
  };
}

/** A file replaced by another at the same path: one hunk between common ends. */
function replacedDiff(
  index: ReplayIndex,
  old: FileTrack,
  track: FileTrack,
  from: number,
  to: number,
): FileDiff {
  const a = index.fileOf(old, from);
  const b = index.fileOf(track, to);
  const before = a.text;
  const after = b.text;
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++;
  }
  const mark = (codes: string, end: number) =>
    String.fromCharCode(KEPT).repeat(head) +
    codes.slice(head, end - tail) +
    String.fromCharCode(KEPT).repeat(tail);
  const hunks = walkHunks(
    index,
    before,
    mark(a.originCodes(), before.length),
    after,
    mark(b.originCodes(), after.length),
  );
  return { change: 'modified', path: track.path, previousPath: null, before, after, hunks };
}

function wholeDiff(
  index: ReplayIndex,
  change: 'added' | 'deleted',
  track: FileTrack,
  step: number,
): FileDiff {
  const file = index.fileOf(track, step);
  const text = file.text;
  const codes = file.originCodes();
  const hunks =
    change === 'added'
      ? walkHunks(index, '', '', text, codes)
      : walkHunks(index, text, codes, '', '');
  return {
    change,
    path: track.path,
    previousPath: null,
    before: change === 'deleted' ? text : '',
    after: change === 'added' ? text : '',
    hunks,
  };
}

/** Hunks from two marked texts whose KEPT characters are the same sequence. */
function walkHunks(
  index: ReplayIndex,
  before: string,
  beforeCodes: string,
  after: string,
  afterCodes: string,
): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  let i = 0;
  let k = 0;
  let line1 = 0;
  let line2 = 0;
  const kept = (codes: string, at: number) => codes.charCodeAt(at) === KEPT;
  while (i < before.length || k < after.length) {
    if (i < before.length && k < after.length && kept(beforeCodes, i) && kept(afterCodes, k)) {
      if (before[i] === '\n') {
        line1++;
        line2++;
      }
      i++;
      k++;
      continue;
    }
    const i0 = i;
    const k0 = k;
    while (i < before.length && !kept(beforeCodes, i)) i++;
    while (k < after.length && !kept(afterCodes, k)) k++;
    const removed = before.slice(i0, i);
    const added = after.slice(k0, k);
    hunks.push({
      beforeOffset: i0,
      beforeLine: line1,
      removed,
      afterOffset: k0,
      afterLine: line2,
      added,
      removedBy: countOrigins(index, beforeCodes, i0, i),
      addedBy: countOrigins(index, afterCodes, k0, k),
    });
    line1 += newlines(removed);
    line2 += newlines(added);
  }
  return hunks;
}

function countOrigins(
  index: ReplayIndex,
  codes: string,
  from: number,
  to: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = from; i < to; i++) {
    const origin = index.origins[codes.charCodeAt(i)] ?? 'unknown';
    out[origin] = (out[origin] ?? 0) + 1;
  }
  return out;
}

function newlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function reverse(diff: SessionDiff): SessionDiff {
  const swap = {
    added: 'deleted',
    deleted: 'added',
    modified: 'modified',
    renamed: 'renamed',
  } as const;
  return {
    fromStep: diff.toStep,
    toStep: diff.fromStep,
    files: diff.files
      .map((file) => ({
        change: swap[file.change],
        path: file.change === 'renamed' ? file.previousPath! : file.path,
        previousPath: file.change === 'renamed' ? file.path : null,
        before: file.after,
        after: file.before,
        hunks: file.hunks.map((h) => ({
          beforeOffset: h.afterOffset,
          beforeLine: h.afterLine,
          removed: h.added,
          afterOffset: h.beforeOffset,
          afterLine: h.beforeLine,
          added: h.removed,
          removedBy: h.addedBy,
          addedBy: h.removedBy,
        })),
      }))
      .sort(byPath),
  };
}
