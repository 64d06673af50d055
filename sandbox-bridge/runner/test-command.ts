import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language, ProblemFile } from '../../protocol/problems.ts';

/** Where the harness files go inside a workspace (an ignored folder: never mirrored or archived). */
export const HARNESS_FOLDER = '.tandem';

const harnessDir = join(import.meta.dirname, 'harness');

/** The harness files a language needs, to be written into the sandbox before a run. */
export function harnessFiles(language: Language): ProblemFile[] {
  const name = language === 'python' ? 'unittest_runner.py' : 'node-reporter.mjs';
  return [
    { path: `${HARNESS_FOLDER}/${name}`, content: readFileSync(join(harnessDir, name), 'utf8') },
  ];
}

/**
 * The command that runs test files and prints one JSON line per finished test.
 * TypeScript runs on the Node running the bridge, with type transformation (not
 * just stripping) so candidates may write enums and parameter properties.
 */
export function testCommand(language: Language, testPaths: string[]): string[] {
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

/** How many tests the files declare, read statically: the `start` event's expected total. */
export function declaredTestCount(files: ProblemFile[]): number {
  let count = 0;
  for (const file of files) {
    const pattern = file.path.endsWith('.py')
      ? /^\s*def test_\w*\s*\(/gm
      : /(?:^|[^\w.])(?:test|it)\s*\(\s*['"`]/gm;
    count += file.content.match(pattern)?.length ?? 0;
  }
  return count;
}
