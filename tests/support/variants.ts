import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { problems } from '../../db/schema/index.ts';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';

const twoSum = DEMO_PROBLEMS[0]!;

/**
 * What a model might answer when asked for a variant of the demo's Two Sum: a
 * product instead of a sum, whose reference solution passes its visible test and hidden case.
 */
export const productPairVariant = {
  ...twoSum,
  // In TypeScript alone, like the TypeScript-only problem it varies (a variant
  // comes in every language its original offers: decision 023).
  languageVersions: undefined,
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

/**
 * The demo's Two Sum as a TypeScript-only problem, for the variant tests: a
 * variant must come in every language its original offers (decision 023),
 * and `productPairVariant` is written in TypeScript alone. Returns its id.
 */
export async function insertTypeScriptTwoSum(db: Database): Promise<string> {
  const [twoSumRow] = await db.select().from(problems).where(eq(problems.title, 'Two Sum'));
  const { id: _id, createdAt: _created, updatedAt: _updated, ...fields } = twoSumRow!;
  const [copy] = await db
    .insert(problems)
    .values({ ...fields, title: 'Two Sum (TypeScript)', languageVersions: null })
    .returning({ id: problems.id });
  return copy!.id;
}
