import { languageForPath } from '../../protocol/problems.ts';
import { diffSteps } from './diff.ts';
import { fileProvenance, PROVENANCE_KINDS, provenanceKind } from './provenance.ts';
import type { FileState, ReplayIndex } from './replay-index.ts';
import type {
  DiffResult,
  Frame,
  FrameRequest,
  FrameText,
  KindCounts,
  PasteMark,
} from './view-messages.ts';

/**
 * What the replay view shows at an instant, computed next to the index (in
 * the replay worker): the files with their provenance counts, and one file's
 * text with its provenance runs and the text inserted in the last seconds.
 */

const KIND_INDEX = new Map(PROVENANCE_KINDS.map((kind, i) => [kind, i]));

/** How far back `follow` looks for the last edited file (steps). */
const FOLLOW_LOOKBACK = 64;

export function emptyCounts(): KindCounts {
  return { typed: 0, paste: 0, 'ai-paste': 0, interviewer: 0, tool: 0, starter: 0, unknown: 0 };
}

/** The frame of one instant. */
export function frameAt(index: ReplayIndex, request: FrameRequest): Frame {
  const step = Math.max(0, Math.min(index.stepCount, Math.round(request.step)));
  const state = index.stateAtStep(step);
  const total = emptyCounts();
  const provenance = new Map<string, ReturnType<typeof fileProvenance>>();
  const files = state.files.map((file) => {
    const p = fileProvenance(file);
    provenance.set(file.path, p);
    for (const kind of PROVENANCE_KINDS) total[kind] += p.byKind[kind];
    return { path: file.path, length: p.length, counts: { ...p.byKind } };
  });
  const wanted =
    (request.follow ? lastEditedPath(index, step) : null) ??
    (request.path && provenance.has(request.path) ? request.path : null) ??
    state.files[0]?.path ??
    null;
  const shown = wanted ? state.files.find((f) => f.path === wanted)! : null;
  return {
    step,
    at: state.at,
    files,
    folders: state.folders,
    total,
    file: shown ? textOf(index, shown, step, request, provenance.get(shown.path)!.runs) : null,
  };
}

function textOf(
  index: ReplayIndex,
  file: FileState,
  step: number,
  request: FrameRequest,
  runs: ReturnType<typeof fileProvenance>['runs'],
): FrameText {
  const track = index.tracksAt(step).find((t) => t.path === file.path)!;
  const version = `${file.fileId}:${track.changesUpTo(step)}`;
  const flatRuns: number[] = [];
  for (const run of runs) flatRuns.push(run.start, run.length, KIND_INDEX.get(run.kind) ?? 5);
  return {
    path: file.path,
    language: languageForPath(file.path),
    version,
    text: request.have[file.path] === version ? null : file.text,
    runs: flatRuns,
    recent: recentInserts(index, file.path, step, request.recentMs),
  };
}

/** Offsets and lengths of the text inserted into `path` within `windowMs` before `step`. */
function recentInserts(index: ReplayIndex, path: string, step: number, windowMs: number): number[] {
  if (windowMs <= 0 || step === 0) return [];
  const from = index.stepAt(index.timeOfStep(step) - windowMs);
  if (from >= step) return [];
  const diff = diffSteps(index, from, step).files.find((f) => f.path === path);
  const out: number[] = [];
  for (const hunk of diff?.hunks ?? []) {
    // The starter code appearing is not an edit anyone made.
    const bySeedOnly = Object.keys(hunk.addedBy).every((origin) => origin === 'seed');
    if (hunk.added.length > 0 && !bySeedOnly) out.push(hunk.afterOffset, hunk.added.length);
  }
  return out;
}

/** The path of the file changed by the latest update at or before `step` (a few back at most). */
export function lastEditedPath(index: ReplayIndex, step: number): string | null {
  for (let s = step; s >= 1 && s > step - FOLLOW_LOOKBACK; s--) {
    const info = index.stepInfo(s);
    // An update's paths include files it deleted; only a live one can be shown.
    const path = info.paths.find((p) => index.fileAtStep(step, p) !== null);
    if (path) return path;
  }
  return null;
}

/** The changes between two instants, per file, with what wrote the added text. */
export function diffBetween(index: ReplayIndex, fromStep: number, toStep: number): DiffResult {
  const diff = diffSteps(index, fromStep, toStep);
  return {
    fromStep: diff.fromStep,
    toStep: diff.toStep,
    files: diff.files.map((file) => {
      const addedBy = emptyCounts();
      let added = 0;
      let removed = 0;
      for (const hunk of file.hunks) {
        added += hunk.added.length;
        removed += hunk.removed.length;
        for (const [origin, chars] of Object.entries(hunk.addedBy)) {
          addedBy[provenanceKind(origin)] += chars;
        }
      }
      return {
        change: file.change,
        path: file.path,
        previousPath: file.previousPath,
        before: file.before,
        after: file.after,
        added,
        removed,
        addedBy,
      };
    }),
  };
}

/** Every paste and AI paste of the update log, for the timeline's pastes track. */
export function pasteMarks(index: ReplayIndex): PasteMark[] {
  const marks: PasteMark[] = [];
  for (let step = 1; step <= index.stepCount; step++) {
    const origin = index.stepOrigin(step);
    if (origin !== 'paste' && origin !== 'ai-paste') continue;
    marks.push({
      at: index.timeOfStep(step),
      step,
      chars: index.stepInserted(step),
      kind: origin === 'ai-paste' ? 'ai-paste' : 'paste',
      paths: index.stepInfo(step).paths,
    });
  }
  return marks;
}
