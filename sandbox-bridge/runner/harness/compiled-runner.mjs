// Runs a compiled language's visible tests inside the sandbox: compiles them
// (with the candidate's code) into this process's private /tmp, reports the
// compile as one record, then runs them and prints one JSON record per
// finished test, converting `go test` and libtest output where needed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [language, heapArg, ...tests] = process.argv.slice(2);
const heap = Number(heapArg) || 512;
const out = '/tmp/tandem-tests';
mkdirSync(out, { recursive: true });
const print = (record) => process.stdout.write(`\n${JSON.stringify(record)}\n`);

const GO_ENV = {
  GOCACHE: '/tmp/go-cache',
  GOPATH: '/tmp/go-path',
  GOPROXY: 'off',
  GOFLAGS: '-mod=mod',
  GOTOOLCHAIN: 'local',
  GOTELEMETRY: 'off',
  CGO_ENABLED: '0',
};
const JVM = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

const steps = {
  java: {
    compile: [
      'javac',
      ...JVM.map((flag) => `-J${flag}`),
      '-nowarn',
      '-encoding',
      'UTF-8',
      '-d',
      `${out}/classes`,
      '-sourcepath',
      '.:.tandem/java',
      ...tests,
      '.tandem/java/tandem/Runner.java',
    ],
    run: [
      'java',
      ...JVM,
      `-Xmx${heap}m`,
      '-cp',
      `${out}/classes`,
      'tandem.Runner',
      ...tests.map((path) => path.replace(/\.java$/, '').replaceAll('/', '.')),
    ],
  },
  cpp: {
    compile: [
      'g++',
      '-std=c++17',
      '-O1',
      '-pipe',
      '-I.tandem/cpp',
      '-I.',
      '-o',
      `${out}/tests`,
      ...tests,
    ],
    run: [`${out}/tests`],
  },
  go: {
    compile: ['go', 'test', '-c', '-o', `${out}/tests`, '.'],
    run: ['go', 'tool', 'test2json', '-t', `${out}/tests`, '-test.v', '-test.count=1'],
    convert: goEvent,
    env: GO_ENV,
  },
  rust: {
    compile: [
      'rustc',
      '--edition',
      '2021',
      '--test',
      '-A',
      'warnings',
      '-o',
      `${out}/tests`,
      tests[0],
    ],
    run: [
      `${out}/tests`,
      '--test-threads=1',
      '-Z',
      'unstable-options',
      '--format',
      'json',
      '--report-time',
    ],
    convert: rustEvent,
    // libtest's JSON format is unstable-gated; the switch is read by the test binary at run time.
    env: { RUSTC_BOOTSTRAP: '1' },
  },
}[language];
if (!steps) {
  print({
    type: 'compile',
    ok: false,
    durationMs: 0,
    output: `No compiled runner for ${language}.`,
  });
  process.exit(2);
}
const env = { ...process.env, ...steps.env };

const started = performance.now();
const compiled = spawnSync(steps.compile[0], steps.compile.slice(1), {
  env,
  encoding: 'utf8',
  maxBuffer: 4 * 1024 * 1024,
});
const compileOutput =
  `${compiled.stdout ?? ''}${compiled.stderr ?? ''}`.trim() ||
  (compiled.error ? String(compiled.error) : '');
print({
  type: 'compile',
  ok: compiled.status === 0,
  durationMs: performance.now() - started,
  output: compileOutput.slice(0, 20_000),
});
if (compiled.status !== 0) process.exit(1);

const child = spawn(steps.run[0], steps.run.slice(1), {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lines = createInterface({ input: child.stdout });
lines.on('line', (line) => {
  if (!steps.convert) return process.stdout.write(`${line}\n`);
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    return;
  }
  const record = steps.convert(event);
  if (record) print(record);
});
child.on('close', (code, signal) => {
  if (signal)
    print({
      type: 'result',
      name: '(test process)',
      file: '',
      passed: false,
      durationMs: 0,
      error: `killed by ${signal}`,
      signal,
    });
  process.exit(code ?? 1);
});

/** `go tool test2json` events: a test's output collects until it passes or fails. */
const goOutput = new Map();
function goEvent(event) {
  if (!event.Test) return null;
  if (event.Action === 'output') {
    goOutput.set(event.Test, (goOutput.get(event.Test) ?? '') + event.Output);
    return null;
  }
  if (event.Action !== 'pass' && event.Action !== 'fail' && event.Action !== 'skip') return null;
  const output = (goOutput.get(event.Test) ?? '')
    .split('\n')
    .filter((line) => !/^\s*(=== RUN|--- (PASS|FAIL|SKIP))/.test(line))
    .join('\n')
    .trim();
  return {
    type: 'result',
    name: event.Test,
    file: '',
    passed: event.Action !== 'fail',
    skipped: event.Action === 'skip',
    durationMs: (event.Elapsed ?? 0) * 1000,
    ...(event.Action === 'fail' ? { error: output || 'failed' } : {}),
  };
}

/** libtest's JSON events (`--format json`). */
function rustEvent(event) {
  if (event.type === 'suite' && event.event === 'started')
    return { type: 'plan', total: event.test_count };
  if (event.type !== 'test' || event.event === 'started') return null;
  const name = String(event.name).replace(/^tests::/, '');
  return {
    type: 'result',
    name,
    file: '',
    passed: event.event === 'ok',
    skipped: event.event === 'ignored',
    durationMs: (Number(event.exec_time) || 0) * 1000,
    ...(event.event === 'failed' ? { error: String(event.stdout ?? 'failed').trim() } : {}),
  };
}
