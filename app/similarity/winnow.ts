// Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003; the algorithm behind
// MOSS): hash every k tokens, keep the minimum hash of each window of w
// hashes. Any passage of at least k + w - 1 tokens shared by two files is
// guaranteed to yield a shared fingerprint, and the fingerprints do not depend
// on where the passage sits, so reordering functions does not hide it.
import { type Token, tokenize } from './tokens.ts';

/** A selected hash, with the span of the file it covers. */
export interface Fingerprint {
  hash: number;
  path: string;
  /** Character offsets of the k tokens the hash covers. */
  start: number;
  end: number;
}

export interface WinnowOptions {
  /** Tokens per hashed gram (noise threshold: shorter matches are ignored). */
  k: number;
  /** Window of grams (a match of k + w - 1 tokens is always found). */
  w: number;
}

export const DEFAULT_WINNOW: WinnowOptions = { k: 12, w: 8 };

/** FNV-1a over the token texts of one gram, 32-bit. */
function gramHash(tokens: Token[], from: number, k: number): number {
  let hash = 0x811c9dc5;
  for (let t = from; t < from + k; t++) {
    const text = tokens[t]!.text;
    for (let c = 0; c < text.length; c++) {
      hash ^= text.charCodeAt(c);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0x1f; // token boundary: "ab","c" differs from "a","bc"
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The winnowed fingerprints of one file. */
export function winnow(
  path: string,
  source: string,
  options: WinnowOptions = DEFAULT_WINNOW,
): Fingerprint[] {
  const { k, w } = options;
  const tokens = tokenize(path, source);
  if (tokens.length < k) return [];
  const hashes: number[] = [];
  for (let i = 0; i + k <= tokens.length; i++) hashes.push(gramHash(tokens, i, k));
  const picked: Fingerprint[] = [];
  let last = -1;
  const windows = Math.max(1, hashes.length - w + 1);
  for (let start = 0; start < windows; start++) {
    // The rightmost minimum, so a window that slides over the same minimum keeps it.
    let min = start;
    for (let i = start; i < Math.min(start + w, hashes.length); i++) {
      if (hashes[i]! <= hashes[min]!) min = i;
    }
    if (min !== last) {
      picked.push({
        hash: hashes[min]!,
        path,
        start: tokens[min]!.start,
        end: tokens[min + k - 1]!.end,
      });
      last = min;
    }
  }
  return picked;
}
