import { isPreviousAttempt } from '../../protocol/language-versions.ts';
import type { Chunk } from './chunked-text.ts';
import type { FileState, ReplayIndex, SessionState } from './replay-index.ts';

/**
 * Who or what wrote each character. Every character carries the origin of the
 * update that inserted it (a rename keeps the origins of the characters it
 * moves); kinds group origins the way the replay colours them and the
 * candidate report counts them.
 */
export type ProvenanceKind =
  | 'typed'
  | 'paste'
  | 'ai-paste'
  | 'interviewer'
  | 'tool'
  | 'starter'
  | 'unknown';

export const PROVENANCE_KINDS: readonly ProvenanceKind[] = [
  'typed',
  'paste',
  'ai-paste',
  'interviewer',
  'tool',
  'starter',
  'unknown',
];

/**
 * The kind of an edit origin: terminal, tool, api and file-op writes are all
 * "tool"; an interviewer pairing with the candidate is their own kind (decision 027).
 */
export function provenanceKind(origin: string): ProvenanceKind {
  switch (origin) {
    case 'typed':
    case 'paste':
    case 'ai-paste':
    case 'interviewer':
      return origin;
    case 'terminal':
    case 'tool':
    case 'api':
    case 'file-op':
      return 'tool';
    case 'seed':
      return 'starter';
    default:
      return 'unknown';
  }
}

/** A run of characters with one origin: [start, start + length) of the file's text. */
export interface ProvenanceRun {
  start: number;
  length: number;
  origin: string;
  kind: ProvenanceKind;
}

export interface ProvenanceCounts {
  /** Characters (UTF-16 units, as the editor counts them). */
  length: number;
  byOrigin: Record<string, number>;
  byKind: Record<ProvenanceKind, number>;
}

export interface FileProvenance extends ProvenanceCounts {
  path: string;
  runs: ProvenanceRun[];
}

export interface SessionProvenance {
  files: FileProvenance[];
  total: ProvenanceCounts;
}

/** Runs and counts of one file at one instant. */
export function fileProvenance(file: FileState): FileProvenance {
  const runs: ProvenanceRun[] = [];
  const counts = emptyCounts();
  let code = -1;
  let start = 0;
  let at = 0;
  const flush = () => {
    if (at === start) return;
    const origin = file.originNames[code] ?? 'unknown';
    const run = { start, length: at - start, origin, kind: provenanceKind(origin) };
    runs.push(run);
    add(counts, origin, run.kind, run.length);
  };
  for (const chunk of file.chunkList()) {
    for (const [chunkCode, length] of chunkRuns(chunk)) {
      if (chunkCode !== code) {
        flush();
        code = chunkCode;
        start = at;
      }
      at += length;
    }
  }
  flush();
  return { path: file.path, runs, ...counts };
}

/**
 * Runs of one chunk, computed once per chunk: chunks are immutable and shared
 * by every instant until edited, so colouring the code while scrubbing
 * rescans only the chunks that changed.
 */
const runsOfChunk = new WeakMap<Chunk, Array<[code: number, length: number]>>();

function chunkRuns(chunk: Chunk): Array<[number, number]> {
  let runs = runsOfChunk.get(chunk);
  if (!runs) {
    runs = [];
    const codes = chunk.origins;
    for (let start = 0; start < codes.length; ) {
      const code = codes.charCodeAt(start);
      let end = start + 1;
      while (end < codes.length && codes.charCodeAt(end) === code) end++;
      runs.push([code, end - start]);
      start = end;
    }
    runsOfChunk.set(chunk, runs);
  }
  return runs;
}

/** Provenance of every file at one instant, and the totals the report shows. */
export function sessionProvenance(state: SessionState): SessionProvenance {
  const files = state.files.map(fileProvenance);
  const total = emptyCounts();
  for (const file of files) {
    for (const [origin, chars] of Object.entries(file.byOrigin)) {
      add(total, origin, provenanceKind(origin), chars);
    }
  }
  return { files, total };
}

/** What the candidate report counts: the final files' provenance and the AI share. */
export interface FinalProvenance extends SessionProvenance {
  /** Characters of the final code pasted from the AI (ScoreDetails.aiPasteChars). */
  aiPasteChars: number;
  finalChars: number;
  /** aiPasteChars / finalChars, 0 for empty code (candidates.ai_reliance). */
  aiReliance: number;
}

/**
 * Provenance of the final code after the last update, with the report's AI
 * figures. An attempt a language switch put under previous/ is not the final
 * code (the replay still shows it).
 */
export function finalProvenance(index: ReplayIndex): FinalProvenance {
  const state = index.stateAtStep(index.stepCount);
  const provenance = sessionProvenance({
    ...state,
    files: state.files.filter((file) => !isPreviousAttempt(file.path)),
  });
  const aiPasteChars = provenance.total.byKind['ai-paste'];
  const finalChars = provenance.total.length;
  return {
    ...provenance,
    aiPasteChars,
    finalChars,
    aiReliance: finalChars === 0 ? 0 : aiPasteChars / finalChars,
  };
}

/** Shares (0–1) of each kind; all zero for an empty text. */
export function kindShares(counts: ProvenanceCounts): Record<ProvenanceKind, number> {
  const shares = emptyCounts().byKind;
  for (const kind of PROVENANCE_KINDS) {
    shares[kind] = counts.length === 0 ? 0 : counts.byKind[kind] / counts.length;
  }
  return shares;
}

function emptyCounts(): ProvenanceCounts {
  return {
    length: 0,
    byOrigin: {},
    byKind: {
      typed: 0,
      paste: 0,
      'ai-paste': 0,
      interviewer: 0,
      tool: 0,
      starter: 0,
      unknown: 0,
    },
  };
}

function add(counts: ProvenanceCounts, origin: string, kind: ProvenanceKind, chars: number): void {
  counts.length += chars;
  counts.byOrigin[origin] = (counts.byOrigin[origin] ?? 0) + chars;
  counts.byKind[kind] += chars;
}
