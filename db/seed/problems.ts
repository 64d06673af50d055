import type { GradingSpecInput } from '../../protocol/grading.ts';
import type { Difficulty, Language, ProblemFile } from '../../protocol/problems.ts';
import { templateVersions } from './languages/templates.ts';
import type { SeedLanguageVersions } from './languages/types.ts';

/** A problem of the demo question bank. */
export interface SeedProblem {
  title: string;
  description: string;
  difficulty: Difficulty;
  category: string;
  tags: string[];
  language: Language;
  estimatedMinutes: number;
  starterFiles: ProblemFile[];
  visibleTests: ProblemFile[];
  /** Hidden cases (judged in the bridge); the 0002 migration converts the old hidden files of these three. */
  grading: GradingSpecInput;
  referenceSolution: ProblemFile[];
  /** The problem in its other languages (decision 023), each with a wrong solution for CI. */
  languageVersions?: SeedLanguageVersions;
}

/** Size of Two Sum's large hidden input: O(n²) takes seconds on it, O(n) milliseconds. */
export const TWO_SUM_LARGE = 50_000;
/** Iterations of LRU Cache's long hidden case (a put and a get each). */
export const LRU_LONG_RUN = 4_999;

const twoSum: SeedProblem = {
  title: 'Two Sum',
  description: `Given an array of integers \`nums\` and an integer \`target\`, return the indices of the
two numbers that add up to \`target\`, as \`[i, j]\` with \`i < j\`.

Each input has exactly one solution and you may not use the same element twice.
Aim for better than O(n²).

Example: for \`nums = [2, 7, 11, 15]\` and \`target = 9\` the answer is \`[0, 1]\`
(the function's name and types follow each language's conventions: see the starter file).`,
  difficulty: 'EASY',
  category: 'arrays',
  tags: ['hash-map', 'arrays'],
  language: 'typescript',
  estimatedMinutes: 20,
  starterFiles: [
    {
      path: 'solution.ts',
      content: `/** Returns the indices [i, j] (i < j) of the two numbers that add up to target. */
export function twoSum(nums: number[], target: number): [number, number] {
  // Your code here
  return [-1, -1];
}
`,
    },
  ],
  visibleTests: [
    {
      path: 'solution.test.ts',
      content: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { twoSum } from './solution.ts';

test('finds a pair at the start', () => {
  assert.deepEqual(twoSum([2, 7, 11, 15], 9), [0, 1]);
});

test('finds a pair in the middle', () => {
  assert.deepEqual(twoSum([3, 2, 4], 6), [1, 2]);
});

test('handles duplicates', () => {
  assert.deepEqual(twoSum([3, 3], 6), [0, 1]);
});

test('handles negative numbers', () => {
  assert.deepEqual(twoSum([-1, -2, -3, -4, -5], -8), [2, 4]);
});

test('handles zero target', () => {
  assert.deepEqual(twoSum([0, 4, 3, 0], 0), [0, 3]);
});
`,
    },
  ],
  grading: {
    module: 'solution.ts',
    entry: 'twoSum',
    signature: {
      params: [
        { name: 'nums', type: 'int[]' },
        { name: 'target', type: 'int' },
      ],
      returns: 'int[]',
    },
    cases: [
      {
        name: 'works on a large input quickly',
        args: [Array.from({ length: TWO_SUM_LARGE }, (_, i) => i), 2 * TWO_SUM_LARGE - 3],
        expected: [TWO_SUM_LARGE - 2, TWO_SUM_LARGE - 1],
        timeoutMs: 1000,
      },
      { name: 'pair at the ends', args: [[5, 1, 2, 9], 14], expected: [0, 3] },
      {
        name: 'large values',
        args: [[1_000_000_000, 3, 1_000_000_000], 2_000_000_000],
        expected: [0, 2],
      },
    ],
  },
  referenceSolution: [
    {
      path: 'solution.ts',
      content: `export function twoSum(nums: number[], target: number): [number, number] {
  const seen = new Map<number, number>();
  for (let j = 0; j < nums.length; j++) {
    const i = seen.get(target - nums[j]!);
    if (i !== undefined) return [i, j];
    seen.set(nums[j]!, j);
  }
  throw new Error('no solution');
}
`,
    },
  ],
  languageVersions: templateVersions('two-sum'),
};

const lruCache: SeedProblem = {
  title: 'LRU Cache',
  description: `Implement \`LRUCache\` with a fixed \`capacity\`:

- \`get(key)\` returns the value, or \`undefined\` when absent, and marks the key as recently used;
- \`put(key, value)\` inserts or updates; when the cache is full, it evicts the least recently used key first.

Both operations must run in O(1) on average. In the other languages \`get\` returns \`null\` (Java's
\`Integer\`), \`None\` (Python, Rust's \`Option\`), \`std::nullopt\` (C++) or \`(0, false)\` (Go) for a missing key.`,
  difficulty: 'MEDIUM',
  category: 'design',
  tags: ['hash-map', 'linked-list', 'design'],
  language: 'typescript',
  estimatedMinutes: 35,
  starterFiles: [
    {
      path: 'lru-cache.ts',
      content: `export class LRUCache<K, V> {
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    // Your code here
    return undefined;
  }

  put(key: K, value: V): void {
    // Your code here
  }
}
`,
    },
  ],
  visibleTests: [
    {
      path: 'lru-cache.test.ts',
      content: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LRUCache } from './lru-cache.ts';

test('returns what was put', () => {
  const cache = new LRUCache<string, number>(2);
  cache.put('a', 1);
  assert.equal(cache.get('a'), 1);
});

test('returns undefined for a missing key', () => {
  assert.equal(new LRUCache<string, number>(1).get('x'), undefined);
});

test('evicts the least recently used key', () => {
  const cache = new LRUCache<string, number>(2);
  cache.put('a', 1);
  cache.put('b', 2);
  cache.get('a');
  cache.put('c', 3);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
});

test('updating a key refreshes it', () => {
  const cache = new LRUCache<string, number>(2);
  cache.put('a', 1);
  cache.put('b', 2);
  cache.put('a', 10);
  cache.put('c', 3);
  assert.equal(cache.get('a'), 10);
  assert.equal(cache.get('b'), undefined);
});
`,
    },
  ],
  grading: {
    module: 'lru-cache.ts',
    entry: 'LRUCache',
    kind: 'class',
    signature: {
      params: [{ name: 'capacity', type: 'int' }],
      methods: [
        { name: 'get', params: [{ name: 'key', type: 'int' }], returns: 'int?' },
        {
          name: 'put',
          params: [
            { name: 'key', type: 'int' },
            { name: 'value', type: 'int' },
          ],
          returns: 'void',
        },
      ],
    },
    cases: [
      {
        name: 'capacity one',
        args: [1],
        calls: [
          ['put', 1, 1],
          ['put', 2, 2],
          ['get', 1],
          ['get', 2],
        ],
        expected: [null, null, null, 2],
      },
      {
        // put(i, i) then get(i - 400): with room for 1000, that key is always still there.
        name: 'a long run of puts and gets',
        args: [1000],
        calls: Array.from({ length: LRU_LONG_RUN }, (_, i) => [
          ['put', i, i],
          ['get', i - 400],
        ]).flat(),
        expected: Array.from({ length: LRU_LONG_RUN }, (_, i) => [
          null,
          i >= 400 ? i - 400 : null,
        ]).flat(),
        timeoutMs: 2000,
      },
    ],
  },
  referenceSolution: [
    {
      path: 'lru-cache.ts',
      content: `export class LRUCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  put(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
  }
}
`,
    },
  ],
  languageVersions: templateVersions('lru-cache'),
};

const mergeIntervals: SeedProblem = {
  title: 'Merge Intervals',
  description: `Given a list of intervals \`[start, end]\`, merge all overlapping intervals and
return the result sorted by start. Touching intervals (\`[1, 2]\` and \`[2, 3]\`) overlap.

Example: \`[[1, 3], [2, 6], [8, 10], [15, 18]]\` merges into \`[[1, 6], [8, 10], [15, 18]]\`
(the function's name and types follow each language's conventions: see the starter file).`,
  difficulty: 'MEDIUM',
  category: 'sorting',
  tags: ['sorting', 'intervals'],
  language: 'python',
  estimatedMinutes: 25,
  starterFiles: [
    {
      path: 'solution.py',
      content: `def merge(intervals: list[list[int]]) -> list[list[int]]:
    """Merges overlapping intervals and returns them sorted by start."""
    # Your code here
    return intervals
`,
    },
  ],
  visibleTests: [
    {
      path: 'test_solution.py',
      content: `import unittest

from solution import merge


class MergeTest(unittest.TestCase):
    def test_merges_overlapping(self):
        self.assertEqual(merge([[1, 3], [2, 6], [8, 10], [15, 18]]), [[1, 6], [8, 10], [15, 18]])

    def test_touching_intervals_merge(self):
        self.assertEqual(merge([[1, 4], [4, 5]]), [[1, 5]])

    def test_unsorted_input(self):
        self.assertEqual(merge([[8, 10], [1, 3], [2, 6]]), [[1, 6], [8, 10]])

    def test_empty(self):
        self.assertEqual(merge([]), [])


if __name__ == "__main__":
    unittest.main()
`,
    },
  ],
  grading: {
    module: 'solution.py',
    entry: 'merge',
    signature: { params: [{ name: 'intervals', type: 'int[][]' }], returns: 'int[][]' },
    cases: [
      {
        name: 'contained interval',
        args: [
          [
            [1, 10],
            [2, 3],
            [4, 5],
          ],
        ],
        expected: [[1, 10]],
      },
      { name: 'single', args: [[[5, 7]]], expected: [[5, 7]] },
    ],
  },
  referenceSolution: [
    {
      path: 'solution.py',
      content: `def merge(intervals: list[list[int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
`,
    },
  ],
  languageVersions: templateVersions('merge-intervals'),
};

export const DEMO_PROBLEMS: SeedProblem[] = [twoSum, lruCache, mergeIntervals];
