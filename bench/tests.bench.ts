// `npm run bench -- tests [--iterations N]`: how fast test results stream.
// Rows, all on the same 5-test TypeScript suite in the same run:
// - baseline: `node --test` with the bridge's reporter, no sandbox;
// - sandboxed: the same command through the local driver (bubblewrap + prlimit);
// - bridge: POST /sessions/:id/tests end to end (HTTP, SSE, PGlite records);
// - graded: POST /sessions/:id/grade (copy, the visible suite, then the 2 hidden
//   cases through the grading driver, judged in the bridge).
// Plus the mirror: a keystroke in a Yjs client → the file on disk.
// Plus one row per language (decision 023): Two Sum's visible tests in each of
// its seven languages through the sandbox, compile time counted apart, and the
// cold first run of a new sandbox with and without the shared build caches.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as Y from 'yjs';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { SESSION_DOC } from '../protocol/documents.ts';
import { problemIn, problemLanguages } from '../protocol/language-versions.ts';
import { silentLogger } from '../protocol/logger.ts';
import { isCompiled, type Language, type ProblemFile } from '../protocol/problems.ts';
import { readTestStream } from '../protocol/tests-stream.ts';
import { LocalSandboxDriver } from '../sandbox-bridge/driver/local-driver.ts';
import type { SandboxHandle } from '../sandbox-bridge/driver/types.ts';
import { harnessLineReader } from '../sandbox-bridge/runner/harness-output.ts';
import { harnessFiles, testCommand } from '../sandbox-bridge/runner/test-command.ts';
import { runTestSuite } from '../sandbox-bridge/runner/test-run.ts';
import { startBridgeStack } from '../sandbox-bridge/test-support/bridge-stack.ts';
import { connectClient } from '../sandbox-bridge/test-support/collab.ts';
import {
  createSessionFixture,
  TYPESCRIPT_PROBLEM,
} from '../sandbox-bridge/test-support/fixtures.ts';
import { percentile, writeReport } from './report.ts';

interface Timing {
  firstMs: number;
  doneMs: number;
}

const files = [...TYPESCRIPT_PROBLEM.starterFiles, ...TYPESCRIPT_PROBLEM.visibleTests];
const testPaths = TYPESCRIPT_PROBLEM.visibleTests.map((file) => file.path);

/** `node --test` straight on the host, timed from spawn to first result line and exit. */
function baselineRun(folder: string): Promise<Timing> {
  const [, ...args] = testCommand('typescript', testPaths);
  const started = performance.now();
  let firstMs = 0;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const reader = harnessLineReader((record) => {
      if (record.type === 'result' && !firstMs) firstMs = performance.now() - started;
    });
    child.stdout.on('data', (chunk: Buffer) => reader.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve({ firstMs, doneMs: performance.now() - started }));
  });
}

function summarize(label: string, timings: Timing[]) {
  const first = timings.map((t) => t.firstMs);
  const done = timings.map((t) => t.doneMs);
  return {
    label,
    runs: timings.length,
    'first p50 ms': percentile(first, 50),
    'first p95 ms': percentile(first, 95),
    'done p50 ms': percentile(done, 50),
    'done p95 ms': percentile(done, 95),
  };
}

/** One run of a language's visible tests: time to the first result and to the end, and the compile. */
async function timeLanguageRun(
  sandbox: SandboxHandle,
  language: Language,
  testFiles: ProblemFile[],
): Promise<Timing & { compileMs: number }> {
  const started = performance.now();
  let firstMs = 0;
  let compileMs = 0;
  await runTestSuite({
    sessionId: null,
    kind: 'visible',
    sandbox,
    language,
    testFiles,
    db: null,
    recorder: null,
    emit: (event) => {
      if (event.event === 'test_result' && !firstMs) firstMs = performance.now() - started;
      if (event.event === 'done') compileMs = event.data.compileMs ?? 0;
      if (event.event === 'error') throw new Error(`${language}: ${event.data.message}`);
    },
  });
  return { firstMs, doneMs: performance.now() - started, compileMs };
}

/** The first run in a brand-new sandbox (created, filled, run once, destroyed). */
async function coldRun(
  driver: LocalSandboxDriver,
  id: string,
  language: Language,
  files: ProblemFile[],
  testFiles: ProblemFile[],
) {
  const sandbox = await driver.create(id);
  try {
    for (const file of files) await sandbox.writeFile(file.path, file.content);
    return await timeLanguageRun(sandbox, language, testFiles);
  } finally {
    await driver.destroy(id);
  }
}

/**
 * Two Sum's visible tests in every language it has, through the sandbox
 * (`runTestSuite`, as POST /tests runs them): time to the first result and to
 * the end, and how much of it the compile took. Repeat runs in one sandbox
 * (after an uncounted first) give the percentiles; the **cold** first run of
 * a new sandbox per sample is shown apart, with the machine's shared build
 * caches (decision 023) and, interleaved in the same run, without them (a
 * driver with `sharedBuildCache: null`: the workspace builds every cache).
 */
async function languageRows(
  driver: LocalSandboxDriver,
  unshared: LocalSandboxDriver,
  iterations: number,
  coldIterations: number,
) {
  const twoSum = DEMO_PROBLEMS.find((problem) => problem.title === 'Two Sum')!;
  const rows = [];
  for (const language of problemLanguages(twoSum)) {
    const version = problemIn(twoSum, language)!;
    const files = [...version.starterFiles, ...version.referenceSolution, ...version.visibleTests];
    const cold: Timing[] = [];
    const coldCompile: number[] = [];
    const coldUnshared: number[] = [];
    for (let i = 0; i < coldIterations; i++) {
      const id = `bench-cold-${language}-${i}`;
      const run = await coldRun(driver, id, language, files, version.visibleTests);
      cold.push(run);
      coldCompile.push(run.compileMs);
      if (isCompiled(language)) {
        coldUnshared.push(
          (await coldRun(unshared, id, language, files, version.visibleTests)).firstMs,
        );
      }
    }
    const sandbox = await driver.create(`bench-tests-${language}`);
    for (const file of files) await sandbox.writeFile(file.path, file.content);
    const timings: Timing[] = [];
    const compile: number[] = [];
    for (let i = 0; i < iterations + 1; i++) {
      const run = await timeLanguageRun(sandbox, language, version.visibleTests);
      // The first run builds the sandbox's own caches (Rust's, Go's copy): not counted.
      if (i === 0) continue;
      timings.push(run);
      compile.push(run.compileMs);
    }
    await driver.destroy(`bench-tests-${language}`);
    const coldFirst = cold.map((timing) => timing.firstMs);
    rows.push({
      ...summarize(`${language}: Two Sum's visible tests, sandboxed`, timings),
      'compile p50 ms': percentile(compile, 50),
      'first - compile p50 ms': percentile(
        timings.map((timing, i) => timing.firstMs - compile[i]!),
        50,
      ),
      'cold runs': cold.length,
      'cold first p50 ms': percentile(coldFirst, 50),
      'cold first max ms': Math.round(Math.max(...coldFirst)),
      'cold compile p50 ms': percentile(coldCompile, 50),
      ...(coldUnshared.length
        ? { 'cold first p50, no shared caches ms': percentile(coldUnshared, 50) }
        : {}),
      target: isCompiled(language) ? 'first < 3000 ms' : 'first < 1000 ms',
    });
  }
  return rows;
}

export async function run(args: string[]): Promise<void> {
  const at = args.indexOf('--iterations');
  const iterations = at >= 0 ? Number(args[at + 1]) : 30;
  const languagesAt = args.indexOf('--language-iterations');
  const languageIterations = languagesAt >= 0 ? Number(args[languagesAt + 1]) : 5;
  const coldAt = args.indexOf('--cold-iterations');
  const coldIterations = coldAt >= 0 ? Number(args[coldAt + 1]) : 3;
  const stack = await startBridgeStack();
  const folder = mkdtempSync(join(tmpdir(), 'tandem-bench-tests-'));
  try {
    for (const file of [...files, ...harnessFiles('typescript')]) {
      mkdirSync(dirname(join(folder, file.path)), { recursive: true });
      writeFileSync(join(folder, file.path), file.content);
    }
    const sandbox = await stack.harness.driver.create('bench-tests');
    for (const file of [...files, ...harnessFiles('typescript')]) {
      await sandbox.writeFile(file.path, file.content);
    }
    const fixture = await createSessionFixture(stack.database.db);
    await stack.seedDocument(fixture.sessionId, files);
    await stack.post(fixture, 'start');

    const baseline: Timing[] = [];
    const sandboxed: Timing[] = [];
    const bridge: Timing[] = [];
    const graded: Timing[] = [];
    const hiddenCases: number[] = [];
    for (let i = 0; i < iterations + 1; i++) {
      // Interleaved so that a busy moment on the machine hits every row alike.
      const b = await baselineRun(folder);
      const started = performance.now();
      let firstMs = 0;
      const reader = harnessLineReader((record) => {
        if (record.type === 'result' && !firstMs) firstMs = performance.now() - started;
      });
      await sandbox.exec(testCommand('typescript', testPaths), { onStdout: (c) => reader.push(c) });
      const s = { firstMs, doneMs: performance.now() - started };
      const posted = performance.now();
      const response = await stack.post(fixture, 'tests');
      let first = 0;
      for await (const event of readTestStream(response.body!)) {
        if (event.event === 'test_result' && !first) first = performance.now() - posted;
      }
      const h = { firstMs: first, doneMs: performance.now() - posted };
      const gradePosted = performance.now();
      const gradeResponse = await stack.post(fixture, 'grade');
      let gradeFirst = 0;
      let lastVisible = 0;
      for await (const event of readTestStream(gradeResponse.body!)) {
        if (event.event !== 'test_result') continue;
        const at = performance.now() - gradePosted;
        if (!gradeFirst) gradeFirst = at;
        if (!event.data.hidden) lastVisible = at;
      }
      const g = { firstMs: gradeFirst, doneMs: performance.now() - gradePosted };
      // The first round warms caches (and compiles the reporter); it is not counted.
      if (i === 0) continue;
      baseline.push(b);
      sandboxed.push(s);
      bridge.push(h);
      graded.push(g);
      // From the last visible result to the end: the driver's start and the two cases.
      hiddenCases.push(g.doneMs - lastVisible);
    }

    // Mirror: a keystroke in a client until the file on disk has it.
    const client = await connectClient(stack.collab.url, `session/${fixture.sessionId}`);
    const text = client.doc.getMap<Y.Text>(SESSION_DOC.files).get('solution.ts')!;
    const live = await stack.bridge.registry.open(fixture.sessionId);
    const latencies: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const marker = `// keystroke ${i}\n`;
      const started = performance.now();
      text.insert(0, marker);
      for (;;) {
        const onDisk = await live.sandbox.readFile('solution.ts');
        if (onDisk && new TextDecoder().decode(onDisk).startsWith(marker)) break;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      latencies.push(performance.now() - started);
    }
    client.close();
    // The machine's shared build caches exist before a session starts (built once).
    const sharedBuildCache = await stack.harness.driver.sharedBuildCacheReady;
    const unshared = await LocalSandboxDriver.start({
      root: mkdtempSync(join(tmpdir(), 'tandem-bench-unshared-')),
      logger: silentLogger(),
      sharedBuildCache: null,
    });
    const perLanguage = await languageRows(
      stack.harness.driver,
      unshared,
      languageIterations,
      coldIterations,
    ).finally(() => rmSync(unshared.root, { recursive: true, force: true }));

    writeReport({
      name: 'tests',
      parameters: {
        iterations,
        languageIterations,
        coldIterations,
        sharedBuildCache,
        suite: '5 TypeScript tests (node:test), one 150 ms',
        isolated: stack.harness.driver.isolated,
        node: process.version,
      },
      rows: [
        summarize('baseline: node --test on the host', baseline),
        summarize('sandboxed: same command, bubblewrap + limits', sandboxed),
        summarize('bridge: POST /tests, SSE, records', bridge),
        summarize('graded: POST /grade, copy + visible + 2 hidden cases', graded),
        {
          label: 'hidden cases: driver start + 2 cases, judged in the bridge',
          runs: hiddenCases.length,
          'done p50 ms': percentile(hiddenCases, 50),
          'done p95 ms': percentile(hiddenCases, 95),
        },
        {
          label: 'mirror: keystroke → file on disk',
          runs: latencies.length,
          'first p50 ms': percentile(latencies, 50),
          'first p95 ms': percentile(latencies, 95),
        },
        ...perLanguage,
      ],
      notes: [
        'first = time to the first test result; done = to the end of the run (or the stream).',
        'Target: first result < 1 s (bridge row). Mirror target: < 150 ms.',
        'Per language: first visible result < 3 s for compiled languages (compile included), < 1 s for interpreted ones; compile is also shown apart.',
        'Per language, cold = the first run of a new sandbox (one per sample), with the shared build caches and without them (every cache built in the workspace).',
      ],
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await stack.close();
  }
}
