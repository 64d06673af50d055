import type { ProblemFile } from '../../protocol/problems.ts';

/**
 * Names of the tests declared in test files, for the candidate's list of test
 * cases: `test('name', …)`/`it('name', …)` in TypeScript and JavaScript,
 * `def test_name` in Python.
 */
export function declaredTestNames(files: ProblemFile[]): string[] {
  const names: string[] = [];
  for (const file of files) {
    if (file.path.endsWith('.py')) {
      for (const match of file.content.matchAll(/^\s*def (test_\w+)\s*\(/gm)) names.push(match[1]!);
    } else {
      for (const match of file.content.matchAll(/\b(?:test|it)\(\s*(['"`])(.+?)\1/g))
        names.push(match[2]!);
    }
  }
  return names;
}
