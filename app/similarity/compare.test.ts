import { describe, expect, it } from 'vitest';
import { findSimilar, type Submission } from './compare.ts';
import { tokenize } from './tokens.ts';

// An LRU cache as one candidate wrote it.
const original = `export class LRUCache {
  private capacity: number;
  private entries = new Map<number, number>();

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get(key: number): number {
    if (!this.entries.has(key)) return -1;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  put(key: number, value: number): void {
    if (this.entries.has(key)) this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value!;
      this.entries.delete(oldest);
    }
  }
}

export function fillCache(cache: LRUCache, pairs: [number, number][]): LRUCache {
  for (const [key, value] of pairs) cache.put(key, value);
  return cache;
}
`;

// The same code, renamed, re-commented, re-laid-out and with its methods and
// functions in another order: what a copier does to hide a copy.
const disguised = `export function populate(store: LRUCache, items: [number, number][]): LRUCache {
  // fill it up
  for (const [k, v] of items) store.put(k, v);
  return store;
}

export class LRUCache {
  private limit: number;
  private data = new Map<number, number>();

  constructor(limit: number) { this.limit = limit; }

  put(id: number, val: number): void {
    if (this.data.has(id)) this.data.delete(id);
    this.data.set(id, val);
    if (this.data.size > this.limit) {
      const first = this.data.keys().next().value!;
      this.data.delete(first);
    }
  }

  /* look up */
  get(id: number): number {
    if (!this.data.has(id)) return -1;
    const found = this.data.get(id)!;
    this.data.delete(id);
    this.data.set(id, found);
    return found;
  }
}
`;

// Two independent Two Sum solutions: a hash map in one pass, and sorting indices with two pointers.
const twoSumHashMap = `export function twoSum(nums: number[], target: number): [number, number] {
  const seen = new Map<number, number>();
  for (let i = 0; i < nums.length; i++) {
    const want = target - nums[i]!;
    const j = seen.get(want);
    if (j !== undefined) return [j, i];
    seen.set(nums[i]!, i);
  }
  throw new Error('no solution');
}
`;
const twoSumPointers = `export function twoSum(numbers: number[], goal: number): [number, number] {
  const order = numbers.map((_, index) => index).sort((x, y) => numbers[x]! - numbers[y]!);
  let low = 0;
  let high = order.length - 1;
  while (low < high) {
    const sum = numbers[order[low]!]! + numbers[order[high]!]!;
    if (sum === goal) return [Math.min(order[low]!, order[high]!), Math.max(order[low]!, order[high]!)];
    if (sum < goal) low += 1;
    else high -= 1;
  }
  throw new Error('no pair adds up to the goal');
}
`;
const starter = `export function twoSum(nums: number[], target: number): [number, number] {
  // Return the indices of the two numbers that add up to target.
  throw new Error('not implemented');
}
`;

const submission = (id: string, text: string, path = 'solution.ts'): Submission => ({
  id,
  files: [{ path, text }],
});

describe('similarity across candidates', () => {
  it('finds a copied solution with renamed variables and reordered functions, with its passages', () => {
    const [pair] = findSimilar([submission('ada', original), submission('bob', disguised)]);
    expect(pair).toMatchObject({ a: 'ada', b: 'bob', flagged: true });
    expect(pair!.score).toBeGreaterThan(0.8);
    // get() is lines 9–15 of the original and 23–29 of the copy, after put() there: the
    // passage over the original's get() points at the copy's get(), not at put() (13–19),
    // give or take the few tokens a fingerprint reaches past a method's end.
    const getPassage = pair!.passages.find((p) => p.a.startLine <= 10 && p.a.endLine >= 14);
    expect(getPassage?.b.startLine).toBeGreaterThanOrEqual(19);
    expect(getPassage?.b.endLine).toBeGreaterThanOrEqual(27);
    expect(getPassage?.b.endLine).toBeLessThanOrEqual(30);
    // and the helper function, moved from the end to the top, is found there.
    expect(pair!.passages.some((p) => p.a.startLine >= 26 && p.b.endLine <= 5)).toBe(true);
  });

  it('does not flag two independent solutions of Two Sum', () => {
    const pairs = findSimilar(
      [submission('hash', twoSumHashMap), submission('pointers', twoSumPointers)],
      { excluded: [{ path: 'solution.ts', text: starter }] },
    );
    expect(pairs.filter((pair) => pair.flagged)).toEqual([]);
    expect(pairs[0]?.score ?? 0).toBeLessThan(0.3);
  });

  it('never counts the code the candidates were given', () => {
    // The problem hands out a cache; two candidates who solve it each their own way share only that.
    const given = { path: 'cache.ts', text: original };
    const a: Submission = { id: 'a', files: [given, { path: 'solution.ts', text: twoSumHashMap }] };
    const b: Submission = {
      id: 'b',
      files: [given, { path: 'solution.ts', text: twoSumPointers }],
    };
    expect(findSimilar([a, b])[0]?.flagged).toBe(true);
    expect(findSimilar([a, b], { excluded: [given] }).filter((p) => p.flagged)).toEqual([]);
  });

  it('drops idioms most submissions share, but keeps a copy among them', () => {
    // Eight honest candidates with the one-pass hash map, written each their own way, and one copy.
    const honest = Array.from({ length: 8 }, (_, n) =>
      submission(
        `honest-${n}`,
        `${twoSumHashMap.replaceAll('seen', `seen${n}`)}\nexport function extra${n}() { return ${'[1,2].map((x) => x * 2).'.repeat(n + 1)}length; }\n`,
      ),
    );
    const copy = submission('copy', `${original}`);
    const source = submission('source', disguised);
    const flagged = findSimilar([...honest, copy, source]).filter((pair) => pair.flagged);
    expect(flagged.map((pair) => [pair.a, pair.b])).toEqual([['copy', 'source']]);
  });

  it('reads Python comments and C++ directives for what they are', () => {
    expect(tokenize('a.py', 'x = 1  # a comment\n').map((t) => t.text)).toEqual(['V', '=', 'N']);
    expect(tokenize('a.cpp', '#include <vector>\n').map((t) => t.text)).toEqual([
      '#',
      'V',
      '<',
      'vector',
      '>',
    ]);
    // A Rust lifetime is not an unterminated string.
    expect(tokenize('a.rs', "fn f<'a>(x: &'a str) {}").map((t) => t.text)).toContain('fn');
  });
});
