import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isCompiled, type Language, type ProblemFile } from '../../protocol/problems.ts';

/** Where the harness files go inside a workspace (an ignored folder: never mirrored or archived). */
export const HARNESS_FOLDER = '.tandem';

const harnessDir = join(import.meta.dirname, 'harness');

/** Every file under a folder of the harness, as workspace files under HARNESS_FOLDER. */
function harnessTree(folder: string): ProblemFile[] {
  const root = join(harnessDir, folder);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = join(entry.parentPath, entry.name);
      return {
        path: `${HARNESS_FOLDER}/${folder}/${relative(root, full)}`,
        content: readFileSync(full, 'utf8'),
      };
    });
}

const harnessFile = (name: string): ProblemFile => ({
  path: `${HARNESS_FOLDER}/${name}`,
  content: readFileSync(join(harnessDir, name), 'utf8'),
});

/** The harness files a language needs, to be written into the sandbox before a run. */
export function harnessFiles(language: Language): ProblemFile[] {
  if (language === 'python') return [harnessFile('unittest_runner.py')];
  if (!isCompiled(language)) return [harnessFile('node-reporter.mjs')];
  const files = [harnessFile('compiled-runner.mjs')];
  if (language === 'java') files.push(...harnessTree('java'));
  if (language === 'cpp') files.push(...harnessTree('cpp'));
  return files;
}

/**
 * The command that runs test files and prints one JSON line per finished test.
 * TypeScript runs on the Node running the bridge, with type transformation (not
 * just stripping) so candidates may write enums and parameter properties.
 */
export function testCommand(
  language: Language,
  testPaths: string[],
  heapMegabytes = 512,
): string[] {
  if (isCompiled(language)) {
    // Compiled: the runner compiles (one `compile` record), then runs the tests.
    return [
      'node',
      `${HARNESS_FOLDER}/compiled-runner.mjs`,
      language,
      String(heapMegabytes),
      ...testPaths,
    ];
  }
  if (language === 'python') {
    return ['python3', '-B', `${HARNESS_FOLDER}/unittest_runner.py`, ...testPaths];
  }
  return [
    'node',
    '--test',
    '--experimental-transform-types',
    '--disable-warning=ExperimentalWarning',
    `--test-reporter=./${HARNESS_FOLDER}/node-reporter.mjs`,
    '--test-reporter-destination=stdout',
    ...testPaths,
  ];
}

/** How each language declares a test, by file extension (JavaScript and TypeScript otherwise). */
const TEST_PATTERNS: Record<string, RegExp> = {
  '.py': /^\s*def test_\w*\s*\(/gm,
  '.java': /^\s*@Test\b/gm,
  '.cpp': /^\s*TEST\s*\(/gm,
  '.go': /^func Test\w*\s*\(\s*\w+\s+\*testing\.T\s*\)/gm,
  '.rs': /^\s*#\[test\]/gm,
};

/** How many tests the files declare, read statically: the `start` event's expected total. */
export function declaredTestCount(files: ProblemFile[]): number {
  let count = 0;
  for (const file of files) {
    const extension = file.path.slice(file.path.lastIndexOf('.'));
    const pattern = TEST_PATTERNS[extension] ?? /(?:^|[^\w.])(?:test|it)\s*\(\s*['"`]/gm;
    count += file.content.match(pattern)?.length ?? 0;
  }
  return count;
}
