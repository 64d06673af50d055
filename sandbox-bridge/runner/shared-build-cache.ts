import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../../protocol/logger.ts';
import type { Language, ProblemFile } from '../../protocol/problems.ts';
import { findExecutable } from '../driver/host-runtime.ts';
import { HARNESS_FOLDER, harnessFiles, testCommand } from './test-command.ts';

const run = promisify(execFile);

/**
 * The machine's shared build caches for visible tests (decision 023): the
 * entries `compiled-runner.mjs` would otherwise build in each workspace's
 * `.tandem/cache` on its first run — the Java harness's classes and javac's
 * class-data archive, the C++ harness header precompiled, and a Go build
 * cache with the standard library's testing packages. Built once per version
 * of the harness and the toolchains by the bridge, from its own harness files
 * and the samples below (never a candidate's files), and mounted read-only
 * into every sandbox.
 */

/** Where the shared caches live by default: the repository's ignored `.cache`. */
export const DEFAULT_SHARED_BUILD_CACHE = join(
  import.meta.dirname,
  '..',
  '..',
  '.cache',
  'sandbox-build',
);

/** The languages with shared entries, and the program each language's toolchain is keyed by. */
const TOOLS: Record<string, string> = { java: 'javac', cpp: 'g++', go: 'go' };

/** A small test per language, compiled once to fill the caches (what visible tests import). */
const SAMPLES: Record<string, { path: string; content: string }[]> = {
  java: [
    {
      path: 'Solution.java',
      content:
        'import java.util.*;\n\npublic class Solution {\n    public static int[] pair(int[] nums) {\n        Map<Integer, Integer> seen = new HashMap<>();\n        List<Integer> list = new ArrayList<>(seen.keySet());\n        return new int[] {list.size(), nums.length};\n    }\n}\n',
    },
    {
      path: 'SolutionTest.java',
      content:
        'import static org.junit.jupiter.api.Assertions.*;\n\nimport org.junit.jupiter.api.DisplayName;\nimport org.junit.jupiter.api.Test;\n\nclass SolutionTest {\n    @Test\n    @DisplayName("pairs")\n    void pairs() {\n        assertArrayEquals(new int[] {0, 1}, Solution.pair(new int[] {1}));\n        assertEquals("a", String.valueOf("a"));\n        assertTrue(true);\n    }\n}\n',
    },
  ],
  cpp: [
    {
      path: 'solution_test.cpp',
      content:
        '#include "tandem_test.hpp"\n#include <string>\n#include <vector>\n\nTEST(Sample, Adds) {\n    EXPECT_EQ(std::vector<int>{1}, (std::vector<int>{1}));\n    EXPECT_EQ(std::string("a"), std::string("a"));\n    EXPECT_TRUE(true);\n}\n',
    },
  ],
  go: [
    { path: 'go.mod', content: 'module sample\n\ngo 1.19\n' },
    { path: 'sample.go', content: 'package sample\n\nfunc Sum(a, b int) int { return a + b }\n' },
    {
      path: 'sample_test.go',
      content:
        'package sample\n\nimport (\n\t"fmt"\n\t"reflect"\n\t"sort"\n\t"strings"\n\t"testing"\n)\n\nfunc TestSum(t *testing.T) {\n\ts := []int{Sum(1, 2)}\n\tsort.Ints(s)\n\tif !reflect.DeepEqual(s, []int{3}) || strings.TrimSpace(fmt.Sprint(3)) != "3" {\n\t\tt.Errorf("no")\n\t}\n}\n',
    },
  ],
};

/** The languages with shared build caches. */
export const SHARED_CACHE_LANGUAGES = Object.keys(TOOLS) as Language[];

/** The test files of a sample: what the runner is given. */
export const sampleTests = (language: Language) =>
  SAMPLES[language]!.map((file) => file.path).filter((path) => /test/i.test(path));

/** A staging workspace's files for one language: the harness and the sample. */
export function sampleWorkspace(language: Language): ProblemFile[] {
  return [...harnessFiles(language), ...SAMPLES[language]!];
}

/** A toolchain's identity: its program's real path, size and modification time. */
function toolIdentity(program: string): string | null {
  const found = findExecutable(program);
  if (!found) return null;
  const real = realpathSync(found);
  const stat = statSync(real);
  return `${real} ${stat.size} ${stat.mtimeMs}`;
}

/** The languages this machine can build for, each with its toolchain's identity. */
function availableTools(): Map<string, string> {
  const tools = new Map<string, string>();
  for (const [language, program] of Object.entries(TOOLS)) {
    const identity = toolIdentity(program);
    if (identity) tools.set(language, identity);
  }
  return tools;
}

/**
 * The folder of this machine's shared caches under `base`: named by a hash of
 * the harness, the samples and the toolchains, so a change to any of them
 * builds a new one (and the runner's own fingerprints still decide what it
 * uses from it).
 */
export function sharedBuildCacheFolder(base: string): string {
  const hash = createHash('sha256');
  for (const [language, identity] of availableTools()) {
    hash.update(`${language}\0${identity}\0`);
    for (const file of harnessFiles(language as Language))
      hash.update(`${file.path}\0${file.content}\0`);
    for (const file of SAMPLES[language]!) hash.update(`${file.path}\0${file.content}\0`);
  }
  return join(base, `v1-${hash.digest('hex').slice(0, 16)}`);
}

/** One builder per machine: a lock file holding the builder's pid, taken over when that process is gone. */
function takeLock(path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      // This process's own lock is held by a build in `building`, else it was left by an ended one.
      if (holder && isAlive(holder) && holder !== process.pid) return false;
      // The builder died (kill -9): its lock is stale.
      rmSync(path, { force: true });
    }
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs one language's sample through the runner in its own staging workspace; its cache folder. */
async function buildLanguage(staging: string, language: Language): Promise<string> {
  const workspace = join(staging, language);
  for (const file of sampleWorkspace(language)) {
    await mkdir(dirname(join(workspace, file.path)), { recursive: true });
    await writeFile(join(workspace, file.path), file.content);
  }
  const [program, ...args] = testCommand(language, sampleTests(language));
  // A clean environment: none of the bridge's (its secrets, a Go env file in its HOME).
  const env: Record<string, string> = {
    PATH: [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: workspace,
    LANG: 'C.UTF-8',
  };
  await run(program === 'node' ? process.execPath : program!, args, {
    cwd: workspace,
    env: env as NodeJS.ProcessEnv,
    timeout: 300_000,
    maxBuffer: 4 * 1024 * 1024,
  });
  return join(workspace, HARNESS_FOLDER, 'cache');
}

/** Every file and folder under `root` readable by all and writable by its owner only. */
async function makeReadOnlyForOthers(root: string): Promise<void> {
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) await chmod(path, 0o755);
    else if (entry.isFile()) await chmod(path, statSync(path).mode & 0o100 ? 0o755 : 0o644);
  }
  await chmod(root, 0o755);
}

/**
 * With the lock held: removes what a killed build left (its staging folder)
 * and the caches of earlier harness or toolchain versions (a sandbox still
 * using one keeps its mount; its runner falls back to the workspace's cache).
 */
async function removeLeftovers(base: string, keep: string): Promise<void> {
  for (const entry of readdirSync(base)) {
    const path = join(base, entry);
    if (path === keep || entry.endsWith('.lock')) continue;
    if (entry.startsWith('.staging-') || /^v\d+-[0-9a-f]+$/.test(entry)) {
      await rm(path, { recursive: true, force: true });
    }
  }
}

/**
 * Builds the shared caches into `sharedBuildCacheFolder(base)` unless they
 * exist (or another process is building them); resolves to whether the folder
 * is there. A language whose build fails is left out: its runs build their
 * own caches in the workspace, as without this.
 */
export function ensureSharedBuildCache(base: string, logger: Logger): Promise<boolean> {
  const folder = sharedBuildCacheFolder(base);
  if (existsSync(folder)) return Promise.resolve(true);
  // One build per folder in this process, however many drivers start.
  let build = building.get(folder);
  if (!build) {
    build = buildOnce(base, folder, logger).finally(() => building.delete(folder));
    building.set(folder, build);
  }
  return build;
}

/** The builds this process runs now, by folder. */
const building = new Map<string, Promise<boolean>>();

async function buildOnce(base: string, folder: string, logger: Logger): Promise<boolean> {
  await mkdir(base, { recursive: true, mode: 0o755 });
  const lock = `${folder}.lock`;
  const deadline = Date.now() + 600_000;
  while (!takeLock(lock)) {
    // Another process is building them: wait for its result (a hung one, not forever).
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (existsSync(folder)) return true;
    if (Date.now() > deadline) return false;
  }
  if (existsSync(folder)) {
    await rm(lock, { force: true });
    return true;
  }
  await removeLeftovers(base, folder);
  const staging = await mkdtemp(join(base, '.staging-'));
  const started = performance.now();
  try {
    const result = join(staging, 'cache');
    await mkdir(result);
    for (const language of availableTools().keys()) {
      try {
        const cache = await buildLanguage(staging, language as Language);
        for (const entry of readdirSync(cache)) {
          if (entry.includes('.partial-')) continue;
          await rename(join(cache, entry), join(result, entry));
        }
      } catch (error) {
        logger.warn(
          { language, error: String(error).slice(0, 2000) },
          'shared build cache: this language is left out (its first runs build their own)',
        );
      }
    }
    await makeReadOnlyForOthers(result);
    try {
      await rename(result, folder);
    } catch (error) {
      // Another builder finished first (it took a stale lock over meanwhile).
      if (!existsSync(folder)) throw error;
    }
    logger.info(
      { folder, ms: Math.round(performance.now() - started) },
      'shared build caches for compiled visible tests are ready',
    );
    return true;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(lock, { force: true });
  }
}
