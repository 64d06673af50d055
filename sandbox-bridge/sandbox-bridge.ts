import type { Database } from '../db/client.ts';
import type { ArchiveResponse, StartSandboxResponse } from '../protocol/bridge-api.ts';
import type { Logger } from '../protocol/logger.ts';
import { pathInFolder } from '../protocol/problem-sequence.ts';
import type { ProblemFile } from '../protocol/problems.ts';
import type { TestRunKind, TestStreamEvent } from '../protocol/tests-stream.ts';
import type { ArchiveStore } from './archive/archive-store.ts';
import { archiveWorkspace } from './archive/archive-workspace.ts';
import type { ResourceLimits, SandboxDriver } from './driver/types.ts';
import { BridgeError } from './errors.ts';
import { type BridgeMetrics, testRunOutcome } from './metrics.ts';
import type { EventRecorder } from './recording/event-recorder.ts';
import { gradeWorkspace } from './runner/grading.ts';
import { runTestSuite, type TestSuiteOutcome } from './runner/test-run.ts';
import { type TryProblemInput, tryProblem } from './runner/try-problem.ts';
import {
  problemAt,
  type SessionRecord,
  type SessionRecordProblem,
  saveArchive,
} from './sessions/session-records.ts';
import type { ActiveSession, SessionRegistry } from './sessions/session-registry.ts';

export interface SandboxBridgeOptions {
  db: Database;
  driver: SandboxDriver;
  registry: SessionRegistry;
  archive: ArchiveStore;
  recorder: EventRecorder;
  logger: Logger;
  /** Limits of test runs (the driver's defaults otherwise). */
  testLimits?: Partial<ResourceLimits>;
  /** Counts and times test runs. */
  metrics?: BridgeMetrics;
}

/** A prepared test run: checked and locked; calling it streams the events. */
export type PreparedRun = (emit: (event: TestStreamEvent) => void) => Promise<TestSuiteOutcome>;

/**
 * What the bridge does, apart from how it is called: start a session's
 * sandbox, run its visible tests, grade it with the hidden tests, archive it.
 */
export class SandboxBridge {
  private readonly options: SandboxBridgeOptions;

  constructor(options: SandboxBridgeOptions) {
    this.options = options;
  }

  async start(sessionId: string): Promise<StartSandboxResponse> {
    const session = await this.options.registry.open(sessionId);
    return {
      sandboxId: session.sandbox.id,
      driver: this.options.driver.kind,
      status: 'ready',
      isolated: this.options.driver.isolated,
    };
  }

  /** Checks that the visible tests can run now; the returned function runs them. */
  async prepareVisibleRun(sessionId: string, position = 0): Promise<PreparedRun> {
    const session = await this.options.registry.open(sessionId);
    const release = this.lock(session);
    try {
      // Read again: the candidate may have switched language since the session opened (decision 023).
      const problem = this.problemOf(await this.options.registry.lookup(sessionId), position);
      await session.mirror.flush();
      const testFiles: ProblemFile[] = [];
      for (const file of problem.visibleTests) {
        const bytes = await session.sandbox.readFile(pathInFolder(problem.folder, file.path));
        if (bytes) testFiles.push({ path: file.path, content: new TextDecoder().decode(bytes) });
      }
      if (testFiles.length === 0) {
        throw new BridgeError(
          'NO_TESTS',
          `The visible test files (${problem.visibleTests.map((f) => pathInFolder(problem.folder, f.path)).join(', ') || 'none'}) are not in the workspace.`,
        );
      }
      return this.runLocked(session, release, 'visible', (emit) =>
        runTestSuite({
          sessionId,
          kind: 'visible',
          sandbox: session.sandbox,
          language: problem.language,
          folder: problem.folder,
          problemPosition: problem.position,
          testFiles,
          db: this.options.db,
          recorder: this.options.recorder,
          emit,
          ...this.fenceOf(session),
          ...(this.options.testLimits ? { limits: this.options.testLimits } : {}),
        }),
      );
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Checks that grading can run now; the returned function grades a copy of the workspace. */
  /** A problem's tests against its code in a throwaway sandbox (question bank "try it"). */
  prepareTry(input: TryProblemInput): PreparedRun {
    return this.observed(null, 'reference', (emit) =>
      tryProblem(this.options.driver, input, emit, this.options.testLimits),
    );
  }

  async prepareGrading(sessionId: string, position = 0): Promise<PreparedRun> {
    const session = await this.options.registry.open(sessionId);
    const release = this.lock(session);
    try {
      // Read again: the candidate may have switched language since the session opened (decision 023).
      const problem = this.problemOf(await this.options.registry.lookup(sessionId), position);
      if (problem.visibleTests.length + (problem.grading?.cases.length ?? 0) === 0) {
        throw new BridgeError('NO_TESTS', 'This problem has no tests to grade with.');
      }
      await session.mirror.flush();
      return this.runLocked(session, release, 'final', (emit) =>
        gradeWorkspace({
          sessionId,
          driver: this.options.driver,
          workspace: session.sandbox,
          language: problem.language,
          visibleTests: problem.visibleTests,
          grading: problem.grading,
          folder: problem.folder,
          problemPosition: problem.position,
          db: this.options.db,
          recorder: this.options.recorder,
          emit,
          ...this.fenceOf(session),
          ...(this.options.testLimits ? { limits: this.options.testLimits } : {}),
        }),
      );
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Archives the workspace, destroys the live sandbox and records where the archive is. */
  async archive(sessionId: string): Promise<ArchiveResponse> {
    const { registry, archive, driver, db, logger } = this.options;
    const record = await registry.lookup(sessionId);
    if (record.archiveKey) {
      return {
        key: record.archiveKey,
        bytes: record.archiveBytes ?? 0,
        location: archive.location,
      };
    }
    // Opening writes the document's last state to disk; stopping flushes and ends the terminal.
    await registry.open(sessionId);
    const session = await registry.stop(sessionId, { keepLease: true });
    if (!session) throw new BridgeError('SANDBOX_UNAVAILABLE', 'The sandbox could not be opened.');
    try {
      session.lease?.assertHeld();
      const stored = await archiveWorkspace({
        sandbox: session.sandbox,
        store: archive,
        sessionId,
      });
      if (!(await saveArchive(db, sessionId, stored, registry.fence(session.lease)))) {
        throw new BridgeError(
          'LEASE_LOST',
          'Another sandbox bridge took this session over during the archive; ask again.',
        );
      }
      session.lease?.assertHeld();
      await driver.destroy(session.sandbox.id);
      logger.info({ sessionId, key: stored.key, bytes: stored.bytes }, 'workspace archived');
      return { ...stored, location: archive.location };
    } finally {
      await registry.release(session.lease);
    }
  }

  /** The session's lease as a fence for the run's rows (none for a bridge without leases). */
  private fenceOf(session: ActiveSession) {
    const fence = this.options.registry.fence(session.lease);
    return fence ? { fence } : {};
  }

  /** One test run per session at a time. */
  /** The session's problem at a position; a position it does not have is the caller's error. */
  private problemOf(record: SessionRecord, position: number): SessionRecordProblem {
    const problem = problemAt(record, position);
    if (!problem) {
      throw new BridgeError(
        'NO_SUCH_PROBLEM',
        `This session has no problem ${position + 1}; it has ${record.problems.length}.`,
      );
    }
    return problem;
  }

  private lock(session: ActiveSession): () => void {
    if (session.testRun) {
      throw new BridgeError(
        'RUN_IN_PROGRESS',
        'Tests are already running for this session; wait for them to finish.',
      );
    }
    let release!: () => void;
    session.testRun = new Promise<void>((resolve) => {
      release = () => {
        session.testRun = null;
        resolve();
      };
    });
    return release;
  }

  private runLocked(
    session: ActiveSession,
    release: () => void,
    kind: TestRunKind,
    run: PreparedRun,
  ): PreparedRun {
    const observed = this.observed(session.record.id, kind, run);
    return async (emit) => {
      try {
        return await observed(emit);
      } finally {
        release();
        session.mirror.scheduleScan(0);
      }
    };
  }

  /** Counts and times a run, and logs one line when it ends. */
  private observed(sessionId: string | null, kind: TestRunKind, run: PreparedRun): PreparedRun {
    const { metrics, logger } = this.options;
    return async (emit) => {
      const started = performance.now();
      const finished = metrics?.testRunStarted(kind);
      try {
        const outcome = await run(emit);
        const label = testRunOutcome(outcome);
        finished?.(label);
        logger.info(
          {
            sessionId,
            kind,
            runId: outcome.runId,
            outcome: label,
            passed: outcome.summary?.passed ?? 0,
            total: outcome.summary?.total ?? 0,
            durationMs: Math.round(performance.now() - started),
            ...(outcome.error ? { code: outcome.error.code } : {}),
          },
          'test run finished',
        );
        return outcome;
      } catch (error) {
        finished?.('error');
        throw error;
      }
    };
  }
}
