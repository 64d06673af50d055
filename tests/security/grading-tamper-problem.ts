import type { ProblemFile } from '../../protocol/problems.ts';
import { type AttackLanguage, fingerprint, HIDDEN_WORDS, VISIBLE_WORD } from './grading-attacks.ts';

const EXT: Record<AttackLanguage, string> = { typescript: 'ts', javascript: 'js', python: 'py' };

function visibleTest(language: AttackLanguage): ProblemFile {
  if (language === 'python') {
    return {
      path: 'test_solution.py',
      content: `import unittest

from solution import fingerprint


class FingerprintTest(unittest.TestCase):
    def test_visible(self):
        self.assertEqual(fingerprint("${VISIBLE_WORD}"), "${fingerprint(VISIBLE_WORD)}")
`,
    };
  }
  const ext = EXT[language];
  return {
    path: `solution.test.${ext}`,
    content: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint } from './solution.${ext}';

test('fingerprints the visible word', () => {
  assert.equal(fingerprint('${VISIBLE_WORD}'), '${fingerprint(VISIBLE_WORD)}');
});
`,
  };
}

/** The hidden cases: data, judged in the bridge; the expected values never enter a sandbox. */
function grading(language: AttackLanguage) {
  return {
    module: `solution.${EXT[language]}`,
    entry: 'fingerprint',
    // Long enough for a busy machine; the infinite loop waits this long per case.
    timeoutMs: 3000,
    cases: HIDDEN_WORDS.map((word) => ({
      name: `hidden: ${word}`,
      args: [word],
      expected: fingerprint(word),
    })),
  };
}

/** The problem of the tamper tests, as a problems row (the organization is added by the test). */
export function tamperProblem(language: AttackLanguage) {
  const starter =
    language === 'python'
      ? 'def fingerprint(word):\n    return ""\n'
      : 'export function fingerprint(word) {\n  return "";\n}\n';
  return {
    title: `Fingerprint (${language})`,
    description: 'Return the word, a colon and the first 12 hex digits of its SHA-256.',
    difficulty: 'EASY' as const,
    language,
    starterFiles: [{ path: `solution.${EXT[language]}`, content: starter }],
    visibleTests: [visibleTest(language)],
    grading: grading(language),
    referenceSolution: null,
  };
}
