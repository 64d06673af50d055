import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { driverInput, type GradingSpec } from '../../protocol/grading.ts';
import { isCompiled, type Language } from '../../protocol/problems.ts';
import { nodeHeapMegabytes } from '../driver/limits.ts';
import type { ExecResult, ResourceLimits, SandboxHandle } from '../driver/types.ts';
import { matches, preview } from './compare.ts';
import { compiledDriverRun } from './drivers/compiled/index.ts';
import { type DriverFrame, frameReader } from './frames.ts';

/** How one hidden case ended, decided in the bridge. */
export interface CaseOutcome {
  index: number;
  name: string;
  passed: boolean;
  durationMs: number;
  /** Why it failed, for reviewers and the problem's author (never sent to the candidate). */
  error: string | null;
}

export interface RunCasesOptions {
  sandbox: SandboxHandle;
  language: Language;
  spec: GradingSpec;
  /** Limits of each driver process (its wall clock bounds the module's import too). */
  limits?: Partial<ResourceLimits>;
  /** Each case's outcome, in case order, as soon as it is decided. */
  onCase: (outcome: CaseOutcome) => void;
  signal?: AbortSignal;
  /** Workspace folder the driver runs in (a problem's folder); the root by default. */
  cwd?: string;
}

const driversDir = join(import.meta.dirname, 'drivers');
const NODE_DRIVER = readFileSync(join(driversDir, 'node-driver.mjs'), 'utf8');
const PYTHON_DRIVER = readFileSync(join(driversDir, 'python_driver.py'), 'utf8');

/**
 * The driver process and its stdin: its source on the command line, nothing
 * written into the workspace. A compiled language's driver is generated from
 * the problem's signature and built in the process's private /tmp.
 */
export function driverRun(
  options: Pick<RunCasesOptions, 'language' | 'spec' | 'sandbox' | 'limits'>,
  nonce: string,
  start: number,
): { command: string[]; stdin: string } {
  const { language, spec } = options;
  if (isCompiled(language)) {
    const limits = { ...options.sandbox.limits, ...options.limits };
    return compiledDriverRun(language, spec, {
      nonce,
      start,
      heapMegabytes: nodeHeapMegabytes(limits),
    });
  }
  return {
    command: driverCommand(language),
    stdin: JSON.stringify(driverInput(spec, nonce, start)),
  };
}

/** The Node or Python driver process. */
export function driverCommand(language: Language): string[] {
  if (language === 'python') return ['python3', '-B', '-c', PYTHON_DRIVER];
  return [
    'node',
    '--experimental-transform-types',
    '--disable-warning=ExperimentalWarning',
    '--input-type=module',
    '-e',
    NODE_DRIVER,
  ];
}

/**
 * Runs the hidden cases: a driver in the sandbox imports the candidate's
 * module and calls it with each case's arguments (sent on stdin); it answers
 * with frames carrying a per-run random nonce. The bridge compares each
 * answer with the expected value, which never leaves this process. A case
 * passes only on a well-formed frame, for that case, in order, whose value
 * matches; a crash, a timeout, an early exit, a missing, duplicated or
 * malformed answer fails it. After a case that stopped the driver, a new
 * driver starts at the next case.
 */
export async function runHiddenCases(options: RunCasesOptions): Promise<CaseOutcome[]> {
  const { spec } = options;
  const outcomes: CaseOutcome[] = [];
  const decide = (outcome: Omit<CaseOutcome, 'name'>) => {
    const decided = { ...outcome, name: spec.cases[outcome.index]!.name };
    outcomes.push(decided);
    options.onCase(decided);
  };
  let next = 0;
  while (next < spec.cases.length && !options.signal?.aborted) {
    const run = await runDriver(options, next, decide);
    if (run.stoppedAll) break;
    next = run.next;
  }
  // Whatever was never decided (the run was aborted) fails.
  for (let index = outcomes.length; index < spec.cases.length; index++) {
    decide({ index, passed: false, durationMs: 0, error: 'Not run: grading was stopped.' });
  }
  return outcomes;
}

interface DriverRun {
  /** The first case not decided yet. */
  next: number;
  /** The module could not be loaded: every remaining case failed. */
  stoppedAll: boolean;
}

async function runDriver(
  options: RunCasesOptions,
  start: number,
  decide: (outcome: Omit<CaseOutcome, 'name'>) => void,
): Promise<DriverRun> {
  const { spec, sandbox } = options;
  const nonce = randomBytes(16).toString('hex');
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  let current = start;
  let ready = false;
  let failure: string | null = null;
  let since = performance.now();
  let timer: NodeJS.Timeout | null = null;
  const timeoutOf = (index: number) => spec.cases[index]?.timeoutMs ?? spec.timeoutMs;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!ready || current >= spec.cases.length) return;
    const limit = timeoutOf(current);
    timer = setTimeout(() => {
      failure ??= `Timed out: no result within ${limit} ms.`;
      stop.abort();
    }, limit);
  };
  const fail = (why: string) => {
    failure ??= why;
    stop.abort();
  };

  const onFrame = (frame: DriverFrame) => {
    if (failure) return;
    const now = performance.now();
    if (frame.kind === 'ready') {
      if (ready) return fail('The driver reported ready twice.');
      ready = true;
      since = now;
      return arm();
    }
    if (frame.kind === 'fatal') {
      if (ready) return fail('The driver failed after it started.');
      failure = `The module could not be loaded: ${frame.message}`;
      return stop.abort();
    }
    if (!ready) return fail('A result arrived before the module was loaded.');
    if (frame.kind === 'malformed') return fail('A malformed result arrived.');
    if (frame.index !== current) {
      return fail(`A result for case ${frame.index + 1} arrived while case ${current + 1} ran.`);
    }
    const entry = spec.cases[current]!;
    const durationMs = now - since;
    if (frame.kind === 'error') {
      decide({ index: current, passed: false, durationMs, error: `Threw ${frame.message}` });
    } else {
      const passed = matches(entry.expected, frame.value, entry.compare ?? spec.compare);
      decide({
        index: current,
        passed,
        durationMs,
        error: passed
          ? null
          : `Returned ${preview(frame.value)}; expected ${preview(entry.expected)}.`,
      });
    }
    current += 1;
    since = now;
    arm();
  };

  const reader = frameReader(nonce, onFrame);
  let result: ExecResult | null = null;
  let crashed: string | null = null;
  try {
    const run = driverRun(options, nonce, start);
    result = await sandbox.exec(run.command, {
      stdin: run.stdin,
      onStdout: (chunk) => reader.push(chunk),
      signal: stop.signal,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    reader.end();
  } catch (error) {
    crashed = `The sandbox could not run the driver: ${String(error)}`;
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }

  if (current >= spec.cases.length) return { next: current, stoppedAll: false };
  const why =
    failure ??
    crashed ??
    (result?.limit && result.limit !== 'aborted'
      ? (result.limitMessage ?? `Stopped by the ${result.limit} limit.`)
      : `The process ended before returning a result (exit code ${result?.exitCode ?? 'none'}${result?.signal ? `, ${result.signal}` : ''}).`);
  if (!ready || options.signal?.aborted) {
    // Nothing can run without the module: every remaining case fails for the same reason.
    for (let index = current; index < spec.cases.length; index++) {
      decide({ index, passed: false, durationMs: 0, error: why });
    }
    return { next: spec.cases.length, stoppedAll: true };
  }
  decide({ index: current, passed: false, durationMs: performance.now() - since, error: why });
  return { next: current + 1, stoppedAll: false };
}
