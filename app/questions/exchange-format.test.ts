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
      '"path": "solution.py"',
      '"path": "../../etc/passwd"',
    );
    const result = parseProblemFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.field).toMatch(/^problems\.2\.starterFiles\.0\.path$/);
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
