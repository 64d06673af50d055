import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';
import { problemIn } from '../../protocol/language-versions.ts';
import { silentLogger } from '../../protocol/logger.ts';
import type { Language } from '../../protocol/problems.ts';
import type { TestStreamEvent } from '../../protocol/tests-stream.ts';
import type { SandboxHandle } from '../driver/types.ts';
import { startTestDriver, type TestDriver } from '../test-support/local-sandbox.ts';
import { ensureSharedBuildCache, sharedBuildCacheFolder } from './shared-build-cache.ts';
import { runTestSuite } from './test-run.ts';

const execFileAsync = promisify(execFile);
let harness: TestDriver;
let shared: string;

beforeAll(async () => {
  harness = await startTestDriver();
  // Built once per machine (and harness version); the first test run here builds it.
  expect(await harness.driver.sharedBuildCacheReady).toBe(true);
  shared = harness.driver.sharedBuildCache()!;
}, 600_000);

afterAll(async () => {
  await harness?.cleanup();
});

/** Every file under a folder with a hash of its content and its mode. */
function contents(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
    files[path.slice(root.length)] = `${hash} ${statSync(path).mode.toString(8)}`;
  }
  return files;
}

const twoSum = DEMO_PROBLEMS.find((problem) => problem.title === 'Two Sum')!;

/** Two Sum's visible tests in a new sandbox, with the given solution; the results by name. */
async function firstRun(
  id: string,
  language: Language,
  solution: 'starter' | 'reference',
): Promise<{ sandbox: SandboxHandle; passed: boolean[]; events: TestStreamEvent[] }> {
  const files = problemIn(twoSum, language)!;
  const sandbox = await harness.driver.create(id);
  for (const file of [
    ...files.starterFiles,
    ...(solution === 'reference' ? files.referenceSolution : []),
    ...files.visibleTests,
  ]) {
    await sandbox.writeFile(file.path, file.content);
  }
  const events: TestStreamEvent[] = [];
  await runTestSuite({
    sessionId: null,
    kind: 'visible',
    sandbox,
    language,
    testFiles: files.visibleTests,
    db: null,
    recorder: null,
    emit: (event) => events.push(event),
  });
  const passed = events.flatMap((event) =>
    event.event === 'test_result' ? [event.data.passed] : [],
  );
  return { sandbox, passed, events };
}

/** What the workspace's own cache folder holds, as the candidate sees it. */
async function workspaceCache(sandbox: SandboxHandle): Promise<string[]> {
  const listed = await sandbox.exec(['sh', '-c', 'ls -A .tandem/cache']);
  return listed.stdout.split('\n').filter(Boolean).sort();
}

describe('the shared build caches of compiled visible tests', () => {
  test('a candidate cannot write, replace, delete, add to or remount them', async () => {
    const before = contents(shared);
    expect(Object.keys(before).some((path) => path.endsWith('tandem_test.hpp.gch'))).toBe(true);
    expect(Object.keys(before)).toContain('/javac.jsa');
    const sandbox = await harness.driver.create('shared-cache-attack');
    // Each attempt prints its name when it succeeds.
    const attack = [
      'cd "$TANDEM_SHARED_BUILD_CACHE" || exit 9',
      'pch=$(ls -d cpp-pch-*)/tandem_test.hpp.gch',
      'echo poisoned > javac.jsa 2>/dev/null && echo overwrite',
      'echo evil > /tmp/evil; mv -f /tmp/evil "$pch" 2>/dev/null && echo replace',
      'cp /tmp/evil "$pch" 2>/dev/null && echo copy-over',
      'rm -f javac.jsa 2>/dev/null; [ -e javac.jsa ] || echo delete',
      'rm -rf go 2>/dev/null; [ -d go ] || echo delete-folder',
      'touch planted 2>/dev/null && echo add',
      'mkdir java-harness-0000000000000000 2>/dev/null && echo add-entry',
      'chmod 777 . 2>/dev/null && echo chmod',
      'mount -o remount,rw "$TANDEM_SHARED_BUILD_CACHE" 2>/dev/null && echo remount',
      // Read-only as a mount, not only by its files' owner (root here).
      'awk -v m="$TANDEM_SHARED_BUILD_CACHE" \'$5 == m && $6 !~ /^ro(,|$)/ { print "writable-mount" }\' /proc/self/mountinfo',
      'echo done',
    ].join('\n');
    const result = await sandbox.exec(['sh', '-c', attack]);
    expect(result.stdout).toBe('done\n');
    expect(contents(shared)).toEqual(before);
    expect(existsSync(join(shared, 'planted'))).toBe(false);
  });

  test.each(['cpp', 'java', 'go'] as const)(
    "a new sandbox's first %s run uses them and gives the right results",
    async (language) => {
      const reference = await firstRun(`shared-cache-${language}-ok`, language, 'reference');
      expect(reference.passed).toEqual([true, true, true]);
      const starter = await firstRun(`shared-cache-${language}-starter`, language, 'starter');
      expect(starter.passed).toEqual([false, false, false]);
      // Nothing prebuilt was built again in the workspace (the PCH alone is 41 MB);
      // Go's cache is a writable copy of the shared one.
      for (const { sandbox } of [reference, starter]) {
        const own = await workspaceCache(sandbox);
        expect(own.filter((name) => /^(cpp-pch|java-harness)-|^javac\.jsa$/.test(name))).toEqual(
          [],
        );
        expect(own.includes('go')).toBe(language === 'go');
      }
    },
    120_000,
  );

  test('two processes building at once on a fresh machine make one folder, readable by all and writable by none but the bridge', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tandem-shared-build-'));
    try {
      // The other process: another bridge (or test file) starting at the same moment.
      const script = `
        const { ensureSharedBuildCache } = await import(${JSON.stringify(join(import.meta.dirname, 'shared-build-cache.ts'))});
        const { silentLogger } = await import(${JSON.stringify(join(import.meta.dirname, '../../protocol/logger.ts'))});
        process.stdout.write(String(await ensureSharedBuildCache(${JSON.stringify(base)}, silentLogger())));`;
      const other = execFileAsync(process.execPath, ['--input-type=module', '-e', script], {
        timeout: 600_000,
      });
      const built = await Promise.all([
        ensureSharedBuildCache(base, silentLogger()),
        other.then(({ stdout }) => stdout === 'true'),
      ]);
      expect(built).toEqual([true, true]);
      const folder = sharedBuildCacheFolder(base);
      expect(readdirSync(base)).toEqual([folder.slice(base.length + 1)]);
      const names = readdirSync(folder).sort();
      expect(names).toEqual([
        expect.stringMatching(/^cpp-pch-[0-9a-f]{16}$/),
        'go',
        expect.stringMatching(/^java-harness-[0-9a-f]{16}$/),
        'javac.jsa',
      ]);
      for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
        expect(statSync(join(entry.parentPath, entry.name)).mode & 0o022).toBe(0);
      }
      // The same entries as the machine's cache: built from the same harness files.
      expect(names).toEqual(readdirSync(shared).sort());
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 600_000);
});
