import { describe, expect, it } from 'vitest';
import { DEMO_PROBLEMS } from '../../db/seed/problems.ts';
import { parseProblemFile, serializeProblems } from './exchange-format.ts';

describe('the question import/export format', () => {
  it('round-trips the demo problems', () => {
    const text = serializeProblems(DEMO_PROBLEMS);
    const result = parseProblemFile(text);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.problems.map((p) => p.title)).toEqual(DEMO_PROBLEMS.map((p) => p.title));
  });

  it('carries each language version, and refuses one whose module is in another language', () => {
    const text = serializeProblems(DEMO_PROBLEMS);
    const result = parseProblemFile(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const twoSum = result.problems[0]!;
    expect(Object.keys(twoSum.languageVersions ?? {}).sort()).toEqual(
      ['cpp', 'go', 'java', 'javascript', 'python', 'rust'].sort(),
    );
    expect(twoSum.languageVersions?.rust?.module).toBe('solution.rs');
    expect(twoSum.grading?.signature?.returns).toBe('int[]');
    // The wrong solutions stay in the seed: the format has no field for them.
    expect(JSON.stringify(twoSum)).not.toContain('wrongSolution');

    const broken = parseProblemFile(
      text.replace('"module": "Solution.java"', '"module": "solution.py"'),
    );
    expect(broken.ok).toBe(false);
    if (!broken.ok) {
      expect(broken.issues.map((issue) => issue.field)).toContain(
        'problems.0.languageVersions.java.module',
      );
    }
  });

  it('asks for a signature when a compiled language calls the cases', () => {
    const text = serializeProblems([
      { ...DEMO_PROBLEMS[0]!, grading: { ...DEMO_PROBLEMS[0]!.grading, signature: undefined } },
    ]);
    const result = parseProblemFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]!.field).toBe('problems.0.grading.signature');
      expect(result.issues[0]!.message).toContain('java');
    }
  });

  it('refuses a case whose arguments do not fit the signature', () => {
    const text = serializeProblems(DEMO_PROBLEMS).replace('"type": "int[]"', '"type": "string[]"');
    const result = parseProblemFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]!.field).toMatch(/^problems\.0\.grading\.cases\.\d+\.args\.0$/);
      expect(result.issues[0]!.message).toContain('nums has an element that is not a string');
    }
  });

  it('names the line and field of a bad value', () => {
    const text = serializeProblems(DEMO_PROBLEMS).replace(
      '"difficulty": "MEDIUM"',
      '"difficulty": "SPICY"',
    );
    const result = parseProblemFile(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    const issue = result.issues[0]!;
    expect(issue.field).toBe('problems.1.difficulty');
    const lines = text.split('\n');
    expect(lines[issue.line! - 1]).toContain('"SPICY"');
    expect(issue.message).toContain('EASY, MEDIUM, HARD');
  });

  it('names a missing field by the line of its problem', () => {
    const problems = DEMO_PROBLEMS.map((p) => ({ ...p })) as Array<Record<string, unknown>>;
    delete problems[2]!.title;
    const text = serializeProblems(problems as never);
    const result = parseProblemFile(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]!.field).toBe('problems.2.title');
    expect(result.issues[0]!.line).toBeGreaterThan(1);
  });

  it('refuses a hostile file path inside a problem', () => {
    const text = serializeProblems(DEMO_PROBLEMS).replace(
      '"path": "lru-cache.ts"',
      '"path": "../../etc/passwd"',
    );
    const result = parseProblemFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.field).toMatch(/^problems\.1\.starterFiles\.0\.path$/);
  });

  it('reports a syntax error with its line and column', () => {
    const result = parseProblemFile(
      '{\n  "format": "tandem.problems",\n  "version": 1,\n  "problems": [ { "title": }\n]}',
    );
    expect(result).toEqual({
      ok: false,
      issues: [{ line: 4, field: '(syntax)', message: expect.stringContaining('line 4') }],
    });
  });

  it('refuses another format or version', () => {
    const result = parseProblemFile('{"format": "other", "version": 3, "problems": []}');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues.map((i) => i.field).sort()).toEqual(['format', 'problems', 'version']);
  });

  it('converts a version 1 file without hidden tests, and refuses hidden tests written as code', () => {
    const problem = { ...DEMO_PROBLEMS[2]!, grading: undefined };
    const plain = parseProblemFile(
      JSON.stringify({
        format: 'tandem.problems',
        version: 1,
        problems: [{ ...problem, hiddenTests: [] }],
      }),
    );
    expect(plain).toMatchObject({
      ok: true,
      problems: [{ title: 'Merge Intervals', grading: null }],
    });
    const text = JSON.stringify(
      {
        format: 'tandem.problems',
        version: 1,
        problems: [
          { ...problem, hiddenTests: [{ path: 'test_hidden.py', content: 'import unittest' }] },
        ],
      },
      null,
      2,
    );
    const coded = parseProblemFile(text);
    expect(coded.ok).toBe(false);
    if (!coded.ok) {
      expect(coded.issues).toEqual([
        expect.objectContaining({
          code: 'HIDDEN_TESTS_AS_CODE',
          field: 'problems.0.hiddenTests',
          line: text.split('\n').findIndex((line) => line.includes('"hiddenTests"')) + 1,
        }),
      ]);
    }
  });

  it('refuses hidden cases that call a module the problem does not start with', () => {
    const [twoSum] = DEMO_PROBLEMS;
    const result = parseProblemFile(
      serializeProblems([{ ...twoSum!, grading: { ...twoSum!.grading, module: 'other.ts' } }]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]).toMatchObject({ field: 'problems.0.grading.module' });
      expect(result.issues[0]!.message).toContain('not a starter file');
    }
  });
});
