import { describe, expect, test } from 'vitest';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { gradingSpec } from './grading.ts';
import { gradingIn } from './language-versions.ts';

const lru = DEMO_PROBLEMS.find((problem) => problem.title === 'LRU Cache')!;

function issues(grading: unknown): Array<{ path: string; message: string }> {
  const result = gradingSpec.safeParse(grading);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
}

describe('a class signature (decision 023)', () => {
  test("LRU Cache's cases fit its constructor and methods", () => {
    expect(issues(lru.grading)).toEqual([]);
  });

  const small = {
    ...lru.grading,
    cases: [
      {
        name: 'one',
        args: [1],
        calls: [
          ['put', 1, 1],
          ['get', 1],
        ],
        expected: [null, 1],
      },
    ],
  };

  test('accepts a small case, refuses a method the signature does not list', () => {
    expect(issues(small)).toEqual([]);
    const unknown = {
      ...small,
      cases: [{ ...small.cases[0]!, calls: [['remove', 1]], expected: [null] }],
    };
    expect(issues(unknown)).toEqual([
      { path: 'cases.0.calls.0.0', message: 'The signature has no method remove.' },
    ]);
  });

  test('refuses a result of the wrong type and a void method that returns something', () => {
    const wrongGet = { ...small, cases: [{ ...small.cases[0]!, expected: [null, 'one'] }] };
    expect(issues(wrongGet)[0]).toMatchObject({ path: 'cases.0.expected.1' });
    const putReturns = { ...small, cases: [{ ...small.cases[0]!, expected: [1, 1] }] };
    expect(issues(putReturns)[0]!.message).toContain('void');
  });

  test('refuses an argument of the wrong type at its place in the call', () => {
    const stringKey = {
      ...small,
      cases: [
        {
          ...small.cases[0]!,
          calls: [
            ['put', 'a', 1],
            ['get', 1],
          ],
        },
      ],
    };
    expect(issues(stringKey)).toEqual([
      { path: 'cases.0.calls.0.1', message: 'key is not a 32-bit integer (int).' },
    ]);
  });

  test('wants one result per call', () => {
    const short = { ...small, cases: [{ ...small.cases[0]!, expected: [null] }] };
    expect(issues(short)[0]).toMatchObject({ path: 'cases.0.expected' });
  });

  test('a function signature needs a result, a class signature methods', () => {
    const { methods: _methods, ...noMethods } = lru.grading.signature!;
    expect(issues({ ...small, signature: noMethods }).map((issue) => issue.path)).toContain(
      'signature.returns',
    );
  });

  test('the class keeps its name in every language; Python spells the calls in snake_case', () => {
    const grading = { ...small, cases: [{ ...small.cases[0]!, calls: [['putAll', 1]] }] };
    expect(gradingIn(lru, grading, 'rust').entry).toBe('LRUCache');
    expect(gradingIn(lru, grading, 'go').entry).toBe('LRUCache');
    expect(gradingIn(lru, grading, 'python').cases[0]!.calls).toEqual([['put_all', 1]]);
  });
});
