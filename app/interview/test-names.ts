import type { ProblemFile } from '../../protocol/problems.ts';

/** How each language names its tests, by file extension; each match's last group is the name. */
const NAME_PATTERNS: Record<string, RegExp> = {
  '.py': /^\s*def (test_\w+)\s*\(/gm,
  '.java': /@Test\s+(?:(?:public|static|final)\s+)*void\s+(\w+)\s*\(/g,
  '.cpp': /^\s*TEST\s*\(\s*(\w+\s*,\s*\w+)\s*\)/gm,
  '.go': /^func (Test\w*)\s*\(\s*\w+\s+\*testing\.T\s*\)/gm,
  '.rs': /#\[test\]\s*fn\s+(\w+)/g,
};

/**
 * Names of the tests declared in test files, for the candidate's list of test
 * cases: `test('name', …)`/`it('name', …)` in TypeScript and JavaScript,
 * `def test_name` in Python, `@Test void name()` in Java, `TEST(Suite, Name)`
 * in C++, `func TestName(t *testing.T)` in Go, `#[test] fn name` in Rust —
 * the names the harnesses report.
 */
export function declaredTestNames(files: ProblemFile[]): string[] {
  const names: string[] = [];
  for (const file of files) {
    const pattern = NAME_PATTERNS[file.path.slice(file.path.lastIndexOf('.'))];
    if (pattern) {
      for (const match of file.content.matchAll(pattern)) {
        names.push(match[1]!.replace(/\s*,\s*/, '.'));
      }
    } else {
      for (const match of file.content.matchAll(/\b(?:test|it)\(\s*(['"`])(.+?)\1/g))
        names.push(match[2]!);
    }
  }
  return names;
}
