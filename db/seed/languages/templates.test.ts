import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PROBLEMS } from '../problems.ts';
import { templateVersions } from './templates.ts';

const root = mkdtempSync(join(tmpdir(), 'tandem-templates-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, content = 'x\n') {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

describe('seeded language versions from template files', () => {
  it('reads each part of a version, adds Go’s go.mod, and keeps the languages’ order', () => {
    write('p/go/starter/solution.go', 'package solution\n');
    write('p/go/tests/solution_test.go');
    write('p/go/reference/solution.go');
    write('p/go/wrong/solution.go');
    write('p/java/starter/Solution.java');
    write('p/java/tests/SolutionTest.java');
    write('p/java/reference/Solution.java', 'class Solution {}\n');
    write('p/java/wrong/Solution.java');
    const versions = templateVersions('p', root);
    expect(Object.keys(versions)).toEqual(['java', 'go']);
    expect(versions.go!.module).toBe('solution.go');
    expect(versions.go!.starterFiles.map((file) => file.path)).toEqual(['go.mod', 'solution.go']);
    expect(versions.java!.referenceSolution).toEqual([
      { path: 'Solution.java', content: 'class Solution {}\n' },
    ]);
  });

  it('refuses a folder that is not a language, a stray part, or a wrong solution of another file', () => {
    write('typo/jav/starter/Solution.java');
    expect(() => templateVersions('typo', root)).toThrow(/not a language: jav/);
    write('stray/rust/starter/solution.rs');
    write('stray/rust/solution.rs');
    expect(() => templateVersions('stray', root)).toThrow(/unexpected solution\.rs/);
    write('mismatch/cpp/starter/solution.cpp');
    write('mismatch/cpp/tests/solution_test.cpp');
    write('mismatch/cpp/reference/solution.cpp');
    write('mismatch/cpp/wrong/other.cpp');
    expect(() => templateVersions('mismatch', root)).toThrow(/must have the module solution\.cpp/);
  });

  it('gives every seeded problem its versions in all seven languages', () => {
    for (const problem of DEMO_PROBLEMS) {
      const languages = [problem.language, ...Object.keys(problem.languageVersions ?? {})];
      expect(languages.sort(), problem.title).toEqual(
        ['cpp', 'go', 'java', 'javascript', 'python', 'rust', 'typescript'].sort(),
      );
    }
  });
});
