// Runs a compiled language's visible tests inside the sandbox: compiles them
// (with the candidate's code) into this process's private /tmp, reports the
// compile as one record, then runs them and prints one JSON record per
// finished test, converting `go test` and libtest output where needed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const [language, heapArg, ...tests] = process.argv.slice(2);
const heap = Number(heapArg) || 512;
const out = '/tmp/tandem-tests';
mkdirSync(out, { recursive: true });
const print = (record) => process.stdout.write(`\n${JSON.stringify(record)}\n`);

// Build caches kept between runs in this workspace's .tandem folder (decision
// 023): the Go build cache, the C++ harness's precompiled header, the Java
// harness's classes and a class-data archive for javac. .tandem is never
// mirrored, archived or copied for grading, so the final grading compiles
// from nothing; a cache the candidate tampers with only affects their own runs.
const harnessDir = dirname(new URL(import.meta.url).pathname);
const cache = join(harnessDir, 'cache');
mkdirSync(cache, { recursive: true });
// The machine's read-only caches of the same entries, built once by the bridge
// from its own harness files (never a candidate's) and mounted read-only into
// every sandbox: a fresh sandbox's first run finds them built.
const shared = process.env.TANDEM_SHARED_BUILD_CACHE || null;

/** An entry of the shared cache, when this machine has it. */
function prebuilt(name) {
  if (!shared) return null;
  const path = join(shared, name);
  return existsSync(path) ? path : null;
}

/** A short hash of files' contents and the flags they are built with: a cache entry's name. */
function fingerprint(paths, flags) {
  const hash = createHash('sha256').update(flags.join(' '));
  for (const path of paths) hash.update(readFileSync(path));
  return hash.digest('hex').slice(0, 16);
}

/** Builds `target` once (into a temporary name, then renamed: a crashed build leaves nothing). */
function once(target, command) {
  if (existsSync(target)) return true;
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const args = command.slice(1).map((arg) => (arg === '@OUT@' ? partial : arg));
  const built = spawnSync(command[0], args);
  if (built.status !== 0) return false;
  renameSync(partial, target);
  return true;
}
/** Set by the Java compile step: the harness's classes, for the run's class path. */
let javaHarnessDir = null;

const JVM = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];
const CPP_FLAGS = ['-std=c++17', '-O0', '-pipe'];

/** The JUnit-shaped harness compiled once per version of its sources; its folder of classes. */
function javaHarness() {
  const sources = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.java')) sources.push(path);
    }
  };
  walk('.tandem/java');
  sources.sort();
  const name = `java-harness-${fingerprint(sources, JVM)}`;
  const ready = prebuilt(name);
  if (ready) return ready;
  const target = join(cache, name);
  const javac = ['javac', ...JVM.map((flag) => `-J${flag}`), '-nowarn', '-encoding', 'UTF-8'];
  return once(target, [...javac, '-d', '@OUT@', ...sources]) ? target : null;
}

/**
 * javac's classes as a class-data archive (JDK 17's dynamic CDS): the first
 * compile writes it at exit, later ones map it instead of loading and
 * verifying javac's classes again.
 */
function javacArchiveFlags() {
  const ready = prebuilt('javac.jsa');
  if (ready) return [`-J-XX:SharedArchiveFile=${ready}`, '-J-Xshare:auto'];
  const archive = join(cache, 'javac.jsa');
  if (existsSync(archive)) return [`-J-XX:SharedArchiveFile=${archive}`, '-J-Xshare:auto'];
  return [`-J-XX:ArchiveClassesAtExit=${archive}`];
}

/** The C++ harness header precompiled with the tests' flags; the folder to put first on the include path. */
function cppHeaderFolder() {
  const header = '.tandem/cpp/tandem_test.hpp';
  const name = `cpp-pch-${fingerprint([header], CPP_FLAGS)}`;
  if (prebuilt(join(name, 'tandem_test.hpp.gch'))) return [`-I${join(shared, name)}`];
  const folder = join(cache, name);
  const built = once(join(folder, 'tandem_test.hpp.gch'), [
    'g++',
    ...CPP_FLAGS,
    '-x',
    'c++-header',
    header,
    '-o',
    '@OUT@',
  ]);
  return built ? [`-I${folder}`] : [];
}

/**
 * Go's build cache must be writable: a fresh workspace starts from a copy of
 * the shared one (the standard library and testing packages, compiled).
 */
function seedGoCache() {
  const target = join(cache, 'go');
  const seed = prebuilt('go');
  if (!seed || existsSync(target)) return;
  const partial = `${target}.partial-${process.pid}`;
  try {
    cpSync(seed, partial, { recursive: true });
    renameSync(partial, target);
  } catch {
    // Another run seeded it first, or the copy failed: Go builds what it misses.
    rmSync(partial, { recursive: true, force: true });
  }
}

const GO_ENV = {
  // Kept between runs: the standard library and testing packages compile once per sandbox.
  GOCACHE: join(cache, 'go'),
  GOPATH: '/tmp/go-path',
  GOPROXY: 'off',
  GOFLAGS: '-mod=mod',
  GOTOOLCHAIN: 'local',
  GOTELEMETRY: 'off',
  CGO_ENABLED: '0',
};
const steps = {
  java: {
    compile: () => {
      const harness = javaHarness();
      javaHarnessDir = harness;
      return [
        'javac',
        ...JVM.map((flag) => `-J${flag}`),
        ...javacArchiveFlags(),
        '-nowarn',
        '-encoding',
        'UTF-8',
        '-d',
        `${out}/classes`,
        ...(harness
          ? ['-cp', harness, '-sourcepath', '.', ...tests]
          : ['-sourcepath', '.:.tandem/java', ...tests, '.tandem/java/tandem/Runner.java']),
      ];
    },
    run: () => [
      'java',
      ...JVM,
      `-Xmx${heap}m`,
      '-cp',
      javaHarnessDir ? `${out}/classes:${javaHarnessDir}` : `${out}/classes`,
      'tandem.Runner',
      ...tests.map((path) => path.replace(/\.java$/, '').replaceAll('/', '.')),
    ],
  },
  cpp: {
    compile: () => [
      'g++',
      ...CPP_FLAGS,
      ...cppHeaderFolder(),
      '-I.tandem/cpp',
      '-I.',
      '-o',
      `${out}/tests`,
      ...tests,
    ],
    run: [`${out}/tests`],
  },
  go: {
    compile: () => {
      seedGoCache();
      return ['go', 'test', '-c', '-o', `${out}/tests`, '.'];
    },
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
      // Linked against the shared libstd (Debian ships it in the library path)
      // and compiled incrementally from the last run: a fraction of a second.
      '-C',
      'prefer-dynamic',
      '-C',
      `incremental=${join(cache, 'rust')}`,
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
const compileCommand = typeof steps.compile === 'function' ? steps.compile() : steps.compile;
const compiled = spawnSync(compileCommand[0], compileCommand.slice(1), {
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

const runCommand = typeof steps.run === 'function' ? steps.run() : steps.run;
const child = spawn(runCommand[0], runCommand.slice(1), {
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
