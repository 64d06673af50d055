import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';
import { gradingSpec } from '../../protocol/grading.ts';
import { gradingIn, problemIn, problemLanguages } from '../../protocol/language-versions.ts';
import type { TestStreamEvent } from '../../protocol/tests-stream.ts';
import { runTestSuite } from '../runner/test-run.ts';
import { startTestDriver, type TestDriver } from '../test-support/local-sandbox.ts';
import { runHiddenCases } from './run-cases.ts';

let harness: TestDriver;

beforeAll(async () => {
  harness = await startTestDriver();
});

afterAll(async () => {
  await harness?.cleanup();
});

// Every seeded problem in every language it offers: the reference passes its
// visible tests and all hidden cases; the wrong solution fails a hidden case.
// One sandbox per problem and language; the wrong solution runs the hidden
// cases only (one compile less).
for (const problem of DEMO_PROBLEMS) {
  describe(problem.title, () => {
    for (const language of problemLanguages({
      ...problem,
      referenceSolution: problem.referenceSolution,
    })) {
      const files = problemIn(problem, language)!;
      const grading = gradingSpec.parse(gradingIn(problem, problem.grading, language));
      const wrong = problem.languageVersions?.[language]?.wrongSolution;

      test(`${language}: the reference passes, a wrong solution fails`, async () => {
        const sandbox = await harness.driver.create(
          `seeded-${language}-${problem.title.replace(/\W/g, '')}`,
        );
        for (const file of [
          ...files.starterFiles,
          ...files.referenceSolution,
          ...files.visibleTests,
        ]) {
          await sandbox.writeFile(file.path, file.content);
        }
        const events: TestStreamEvent[] = [];
        await runTestSuite({
          sessionId: null,
          kind: 'reference',
          sandbox,
          language,
          testFiles: files.visibleTests,
          grading,
          db: null,
          recorder: null,
          emit: (event) => events.push(event),
        });
        const results = events.filter((event) => event.event === 'test_result');
        const failures = results.filter((event) => !event.data.passed).map((event) => event.data);
        expect(failures).toEqual([]);
        expect(events.at(-1)?.event).toBe('done');
        expect(results.filter((event) => event.data.hidden).length).toBe(grading.cases.length);
        expect(results.filter((event) => !event.data.hidden).length).toBeGreaterThan(0);

        if (!wrong) return;
        for (const file of wrong) await sandbox.writeFile(file.path, file.content);
        const outcomes = await runHiddenCases({
          sandbox,
          language,
          spec: grading,
          onCase: () => {},
        });
        expect(outcomes.some((outcome) => !outcome.passed)).toBe(true);
        // It fails on a wrong value, not because it could not be built or run.
        expect(outcomes.some((outcome) => outcome.error?.startsWith('Returned'))).toBe(true);
      }, 180_000);
    }
  });
}

describe('a candidate whose code does not compile', () => {
  test('sees COMPILE_ERROR with the file and line, and fails every hidden case with the compiler output', async () => {
    const twoSum = DEMO_PROBLEMS.find((problem) => problem.title === 'Two Sum')!;
    const files = problemIn(twoSum, 'java')!;
    const grading = gradingSpec.parse(gradingIn(twoSum, twoSum.grading, 'java'));
    const sandbox = await harness.driver.create('seeded-java-broken');
    for (const file of files.visibleTests) await sandbox.writeFile(file.path, file.content);
    await sandbox.writeFile(
      'Solution.java',
      'public class Solution {\n    public static int[] twoSum(int[] nums, int target) {\n        return nums\n    }\n}\n',
    );
    const events: TestStreamEvent[] = [];
    await runTestSuite({
      sessionId: null,
      kind: 'visible',
      sandbox,
      language: 'java',
      testFiles: files.visibleTests,
      db: null,
      recorder: null,
      emit: (event) => events.push(event),
    });
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    if (last.event !== 'error') return;
    expect(last.data.code).toBe('COMPILE_ERROR');
    expect(last.data.message).toContain('Solution.java:3');
    expect(last.data.diagnostics?.[0]).toMatchObject({
      file: 'Solution.java',
      line: 3,
      severity: 'error',
    });

    const outcomes = await runHiddenCases({
      sandbox,
      language: 'java',
      spec: grading,
      onCase: () => {},
    });
    expect(outcomes.map((outcome) => outcome.passed)).toEqual(grading.cases.map(() => false));
    expect(outcomes[0]!.error).toContain('Compilation failed');
    expect(outcomes[0]!.error).toContain('Solution.java:3');
  }, 180_000);
});
