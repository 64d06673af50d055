import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { gradingSpec } from '../../protocol/grading.ts';
import { normalizeWorkspacePath } from '../../protocol/paths.ts';
import { LANGUAGES } from '../../protocol/problems.ts';
import type { TestStreamEvent } from '../../protocol/tests-stream.ts';
import type { ResourceLimits, SandboxDriver } from '../driver/types.ts';
import { runTestSuite, type TestSuiteOutcome } from './test-run.ts';

const file = z.object({
  path: z
    .string()
    .min(1)
    .max(200)
    .transform((path) => normalizeWorkspacePath(path)),
  content: z.string().max(200_000),
});

/** A problem as the question editor has it, before it is saved. */
export const tryProblemInput = z.object({
  language: z.enum(LANGUAGES),
  /** The code under test: starter files overlaid with the reference solution. */
  files: z.array(file).max(40),
  visibleTests: z.array(file).min(1).max(20),
  /** Hidden cases, judged in the bridge; null when the problem has none. */
  grading: gradingSpec.nullable().default(null),
});
export type TryProblemInput = z.infer<typeof tryProblemInput>;

/**
 * "Try it" for the question bank: runs a problem's tests against its code in
 * a throwaway sandbox, streams the results (hidden ones marked), records
 * nothing, and destroys the sandbox.
 */
export async function tryProblem(
  driver: SandboxDriver,
  input: TryProblemInput,
  emit: (event: TestStreamEvent) => void,
  limits?: Partial<ResourceLimits>,
): Promise<TestSuiteOutcome> {
  const sandboxId = `try-${randomBytes(8).toString('hex')}`;
  const sandbox = await driver.create(sandboxId);
  try {
    for (const entry of [...input.files, ...input.visibleTests]) {
      await sandbox.writeFile(entry.path, entry.content);
    }
    return await runTestSuite({
      sessionId: null,
      kind: 'reference',
      sandbox,
      language: input.language,
      testFiles: input.visibleTests,
      grading: input.grading,
      db: null,
      recorder: null,
      emit,
      ...(limits ? { limits } : {}),
    });
  } finally {
    await driver.destroy(sandboxId);
  }
}
