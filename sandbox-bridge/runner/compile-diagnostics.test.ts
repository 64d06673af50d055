import { describe, expect, test } from 'vitest';
import { parseDiagnostics } from './compile-diagnostics.ts';

describe('compiler output becomes file, line and message', () => {
  test('javac', () => {
    const output = `Solution.java:5: error: ';' expected
        return new int[] {-1, -1}
                                 ^
1 error`;
    expect(parseDiagnostics(output)).toEqual([
      { file: 'Solution.java', line: 5, column: null, severity: 'error', message: "';' expected" },
    ]);
  });

  test('g++, with the workspace path made relative and notes skipped', () => {
    const output = `In file included from solution_test.cpp:2:
/workspace/solution.cpp: In function 'std::vector<int> twoSum(const std::vector<int>&, int)':
/workspace/solution.cpp:7:12: error: 'x' was not declared in this scope
    7 |     return x;
      |            ^
solution.cpp:3:1: note: declared here`;
    expect(parseDiagnostics(output)).toEqual([
      {
        file: 'solution.cpp',
        line: 7,
        column: 12,
        severity: 'error',
        message: "'x' was not declared in this scope",
      },
    ]);
  });

  test('go', () => {
    const output = `# solution [solution.test]
./solution.go:6:9: undefined: missing
FAIL	solution [build failed]`;
    expect(parseDiagnostics(output)).toEqual([
      { file: 'solution.go', line: 6, column: 9, severity: 'error', message: 'undefined: missing' },
    ]);
  });

  test('rustc puts the place on the line after the message', () => {
    const output = `error[E0425]: cannot find value \`y\` in this scope
 --> solution.rs:3:5
  |
3 |     y
  |     ^ not found in this scope

warning: unused variable: \`nums\`
 --> solution.rs:1:15
error: aborting due to previous error`;
    expect(parseDiagnostics(output)).toEqual([
      {
        file: 'solution.rs',
        line: 3,
        column: 5,
        severity: 'error',
        message: 'cannot find value `y` in this scope',
      },
      {
        file: 'solution.rs',
        line: 1,
        column: 15,
        severity: 'warning',
        message: 'unused variable: `nums`',
      },
    ]);
  });

  test('the harness files are not blamed on the candidate', () => {
    expect(parseDiagnostics('.tandem/cpp/tandem_test.hpp:40:3: error: oops')).toEqual([]);
  });
});
