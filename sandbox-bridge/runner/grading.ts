import { randomBytes } from 'node:crypto';
import type { GradingSpec } from '../../protocol/grading.ts';
import { pathInFolder } from '../../protocol/problem-sequence.ts';
import type { SandboxDriver, SandboxHandle } from '../driver/types.ts';
import type { TestSuiteOptions, TestSuiteOutcome } from './test-run.ts';
import { runTestSuite } from './test-run.ts';

export interface GradingOptions
  extends Omit<TestSuiteOptions, 'sandbox' | 'kind' | 'testFiles' | 'grading' | 'sessionId'> {
  sessionId: string;
  driver: SandboxDriver;
  /** The candidate's live sandbox: copied, never written to. */
  workspace: SandboxHandle;
  visibleTests: TestSuiteOptions['testFiles'];
  /** The hidden cases: only their calls enter the copy, never what they must return. */
  grading: GradingSpec | null;
}

/**
 * Final grading: the workspace is copied into a separate sandbox, the
 * problem's own visible tests (not the candidate's possibly edited copies)
 * are written there and run, then the hidden cases are called there and
 * judged in the bridge. Expected values never enter any sandbox; the copy is
 * destroyed afterwards.
 */
export async function gradeWorkspace(options: GradingOptions): Promise<TestSuiteOutcome> {
  const gradingId = `grade-${options.sessionId.slice(0, 60)}-${randomBytes(4).toString('hex')}`;
  const copy = await options.workspace.cloneTo(gradingId);
  try {
    for (const file of options.visibleTests) {
      await copy.writeFile(pathInFolder(options.folder ?? '', file.path), file.content);
    }
    return await runTestSuite({
      ...options,
      kind: 'final',
      sandbox: copy,
      testFiles: options.visibleTests,
      grading: options.grading,
    });
  } finally {
    await options.driver.destroy(gradingId);
  }
}
