import { randomBytes } from 'node:crypto';
import type { SandboxDriver, SandboxHandle } from '../driver/types.ts';
import type { TestSuiteOptions, TestSuiteOutcome } from './test-run.ts';
import { runTestSuite } from './test-run.ts';

export interface GradingOptions
  extends Omit<TestSuiteOptions, 'sandbox' | 'kind' | 'testFiles' | 'hiddenPaths' | 'sessionId'> {
  sessionId: string;
  driver: SandboxDriver;
  /** The candidate's live sandbox: copied, never written to. */
  workspace: SandboxHandle;
  visibleTests: TestSuiteOptions['testFiles'];
  hiddenTests: TestSuiteOptions['testFiles'];
}

/**
 * Final grading: the workspace is copied into a separate sandbox, the
 * problem's own visible tests (not the candidate's possibly edited copies)
 * and the hidden tests are written there, and all of them run. The hidden
 * tests never touch the candidate's workspace, terminal or document; the copy
 * is destroyed afterwards.
 */
export async function gradeWorkspace(options: GradingOptions): Promise<TestSuiteOutcome> {
  const gradingId = `grade-${options.sessionId.slice(0, 60)}-${randomBytes(4).toString('hex')}`;
  const copy = await options.workspace.cloneTo(gradingId);
  try {
    for (const file of [...options.visibleTests, ...options.hiddenTests]) {
      await copy.writeFile(file.path, file.content);
    }
    return await runTestSuite({
      ...options,
      kind: 'final',
      sandbox: copy,
      testFiles: [...options.visibleTests, ...options.hiddenTests],
      hiddenPaths: new Set(options.hiddenTests.map((file) => file.path)),
    });
  } finally {
    await options.driver.destroy(gradingId);
  }
}
