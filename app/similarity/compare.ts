// Similarity across the submissions of one problem: fingerprints shared by two
// candidates, with the problem's own files and the idioms most candidates
// share left out, scored and located as passages a reviewer can read side by side.
import { DEFAULT_WINNOW, type Fingerprint, type WinnowOptions, winnow } from './winnow.ts';

export interface SourceFile {
  path: string;
  text: string;
}

export interface Submission {
  id: string;
  files: SourceFile[];
}

/** Lines [startLine, endLine] (1-based, inclusive) of one file. */
export interface Passage {
  path: string;
  startLine: number;
  endLine: number;
}

export interface MatchedPassage {
  a: Passage;
  b: Passage;
}

export interface SimilarPair {
  a: string;
  b: string;
  /** Shared fingerprints over the smaller submission's fingerprints, 0–1. */
  score: number;
  shared: number;
  flagged: boolean;
  passages: MatchedPassage[];
}

export interface SimilarityOptions {
  winnow?: WinnowOptions;
  /** Files the candidates were given (starter code, the problem's tests): their fingerprints never count. */
  excluded?: SourceFile[];
  /** A pair at or above this score is flagged. */
  threshold?: number;
  /**
   * Fingerprints found in more than this share of submissions, or in more
   * than `commonCount` of them, are common idioms, not copying (from 5
   * submissions on; MOSS's `-m` is the same idea, 10 by default).
   */
  commonShare?: number;
  commonCount?: number;
  /** Submissions with fewer fingerprints than this are too small to judge. */
  minFingerprints?: number;
}

const DEFAULTS = { threshold: 0.5, commonShare: 0.5, commonCount: 10, minFingerprints: 4 };

interface Indexed {
  id: string;
  files: Map<string, string>;
  /** Kept hashes → every fingerprint with that hash. */
  prints: Map<number, Fingerprint[]>;
}

function index(submission: Submission, excluded: Set<number>, options: WinnowOptions): Indexed {
  const prints = new Map<number, Fingerprint[]>();
  for (const file of submission.files) {
    for (const print of winnow(file.path, file.text, options)) {
      if (excluded.has(print.hash)) continue;
      const list = prints.get(print.hash);
      if (list) list.push(print);
      else prints.set(print.hash, [print]);
    }
  }
  return {
    id: submission.id,
    files: new Map(submission.files.map((f) => [f.path, f.text])),
    prints,
  };
}

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Each of A's shared fingerprints with its counterpart in B. A hash found
 * several times in B (two methods with the same lines) takes the occurrence
 * that continues the previous match, so passages follow the code's order.
 */
function alignMatches(a: Indexed, b: Indexed, shared: number[]) {
  const ordered = shared
    .flatMap((hash) => a.prints.get(hash)!)
    .sort((x, y) => x.path.localeCompare(y.path) || x.start - y.start);
  const matches: { a: Fingerprint; b: Fingerprint }[] = [];
  for (const print of ordered) {
    const options = b.prints.get(print.hash)!;
    const previous = matches.at(-1)?.b;
    const distance = (option: Fingerprint) =>
      previous && option.path === previous.path
        ? Math.abs(option.start - previous.end)
        : Number.MAX_SAFE_INTEGER;
    const pick = options.reduce((best, option) =>
      distance(option) < distance(best) ? option : best,
    );
    matches.push({ a: print, b: pick });
  }
  return matches;
}

/** Shared fingerprints merged into passages: neighbours on both sides become one passage. */
function passagesOf(a: Indexed, b: Indexed, shared: number[]): MatchedPassage[] {
  const matches = alignMatches(a, b, shared);
  const merged: { a: Fingerprint; b: Fingerprint }[] = [];
  for (const match of matches) {
    const last = merged.at(-1);
    const continues =
      last &&
      last.a.path === match.a.path &&
      last.b.path === match.b.path &&
      match.a.start <= last.a.end + 1 &&
      match.b.start <= last.b.end + 1 &&
      match.b.end >= last.b.start;
    if (continues) {
      last.a = { ...last.a, end: Math.max(last.a.end, match.a.end) };
      last.b = {
        ...last.b,
        start: Math.min(last.b.start, match.b.start),
        end: Math.max(last.b.end, match.b.end),
      };
    } else {
      merged.push({ a: { ...match.a }, b: { ...match.b } });
    }
  }
  const passage = (side: Indexed, print: Fingerprint): Passage => {
    const text = side.files.get(print.path) ?? '';
    return {
      path: print.path,
      startLine: lineAt(text, print.start),
      endLine: lineAt(text, print.end),
    };
  };
  return merged.map((m) => ({ a: passage(a, m.a), b: passage(b, m.b) }));
}

/** Every pair of submissions that shares code, most similar first. */
export function findSimilar(
  submissions: Submission[],
  options: SimilarityOptions = {},
): SimilarPair[] {
  const settings = { ...DEFAULTS, ...options };
  const winnowOptions = options.winnow ?? DEFAULT_WINNOW;
  const excluded = new Set(
    (options.excluded ?? []).flatMap((file) =>
      winnow(file.path, file.text, winnowOptions).map((p) => p.hash),
    ),
  );
  const indexed = submissions.map((s) => index(s, excluded, winnowOptions));

  // Which submissions hold each hash; idioms most of them share are dropped.
  const holders = new Map<number, number[]>();
  indexed.forEach((submission, i) => {
    for (const hash of submission.prints.keys()) {
      const list = holders.get(hash);
      if (list) list.push(i);
      else holders.set(hash, [i]);
    }
  });
  const commonLimit =
    indexed.length >= 5
      ? Math.max(2, Math.min(settings.commonShare * indexed.length, settings.commonCount))
      : Infinity;
  // Shared counts per pair (x < y), keyed x * n + y: the hashes themselves are
  // looked up again only for the pairs that get flagged.
  const n = indexed.length;
  const sharedCount = new Map<number, number>();
  const kept = new Array<number>(n).fill(0);
  for (const list of holders.values()) {
    if (list.length > commonLimit) continue;
    for (const i of list) kept[i]!++;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const key = list[x]! * n + list[y]!;
        sharedCount.set(key, (sharedCount.get(key) ?? 0) + 1);
      }
    }
  }

  const pairs: SimilarPair[] = [];
  for (const [key, shared] of sharedCount) {
    const x = Math.floor(key / n);
    const y = key % n;
    const smaller = Math.min(kept[x]!, kept[y]!);
    if (smaller < settings.minFingerprints) continue;
    const score = Math.min(1, shared / smaller);
    const a = indexed[x]!;
    const b = indexed[y]!;
    const flagged = score >= settings.threshold;
    const hashes = () =>
      [...a.prints.keys()].filter(
        (hash) => b.prints.has(hash) && holders.get(hash)!.length <= commonLimit,
      );
    pairs.push({
      a: a.id,
      b: b.id,
      score,
      shared,
      flagged,
      passages: flagged ? passagesOf(a, b, hashes()) : [],
    });
  }
  return pairs.sort((p, q) => q.score - p.score);
}
