import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';

const twoSum = DEMO_PROBLEMS[0]!;

/**
 * What a model might answer when asked for a variant of the demo's Two Sum: a
 * product instead of a sum, whose reference solution passes its visible test and hidden case.
 */
export const productPairVariant = {
  ...twoSum,
  title: 'Pair Product',
  description: 'Return the indices [i, j] (i < j) of the two numbers whose product is `target`.',
  starterFiles: [
    {
      path: 'solution.ts',
      content:
        'export function twoSum(nums: number[], target: number): [number, number] {\n  return [-1, -1];\n}\n',
    },
  ],
  visibleTests: [
    {
      path: 'solution.test.ts',
      content:
        "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { twoSum } from './solution.ts';\n\ntest('finds a product pair', () => {\n  assert.deepEqual(twoSum([2, 3, 4], 12), [1, 2]);\n});\n",
    },
  ],
  grading: {
    module: 'solution.ts',
    entry: 'twoSum',
    cases: [{ name: 'negative numbers', args: [[-2, 5, -3], 6], expected: [0, 2] }],
  },
  referenceSolution: [
    {
      path: 'solution.ts',
      content:
        'export function twoSum(nums: number[], target: number): [number, number] {\n  for (let i = 0; i < nums.length; i++)\n    for (let j = i + 1; j < nums.length; j++) if (nums[i]! * nums[j]! === target) return [i, j];\n  return [-1, -1];\n}\n',
    },
  ],
};
