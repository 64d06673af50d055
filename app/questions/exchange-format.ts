import { z } from 'zod';
import { JsonSyntaxError, parseJsonWithPositions } from './json-positions.ts';
import { type ProblemInput, type ProblemInputAsWritten, problemInput } from './problem-input.ts';

/**
 * The question bank's import/export format (docs/question-format.md):
 * `{ "format": "tandem.problems", "version": 2, "problems": [ … ] }`.
 * Version 2 carries hidden grading as data (`grading`); version 1 carried
 * hidden test files, which ran in the candidate's process (decision 014).
 */
export const EXCHANGE_FORMAT = 'tandem.problems';
export const EXCHANGE_VERSION = 2;

/** Code of the issue for a version 1 problem whose hidden tests are code. */
export const HIDDEN_TESTS_AS_CODE = 'HIDDEN_TESTS_AS_CODE';

const envelope = z.object({
  format: z.literal(EXCHANGE_FORMAT, { message: `format must be "${EXCHANGE_FORMAT}"` }),
  version: z.union([z.literal(1), z.literal(EXCHANGE_VERSION)], {
    message: `version must be ${EXCHANGE_VERSION} (or 1, converted on import)`,
  }),
  problems: z.array(z.unknown()).min(1, 'problems must list at least one problem').max(500),
});

export interface ImportIssue {
  /** Set when the issue has a code of its own (HIDDEN_TESTS_AS_CODE). */
  code?: string;
  line: number | null;
  /** Dotted path of the field at fault, e.g. `problems.2.visibleTests.0.path`. */
  field: string;
  message: string;
}

export type ImportResult =
  | { ok: true; problems: ProblemInput[] }
  | { ok: false; issues: ImportIssue[] };

/** Parses and validates a whole file; any issue rejects all of it (nothing is partly imported). */
export function parseProblemFile(text: string): ImportResult {
  let parsed: ReturnType<typeof parseJsonWithPositions>;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return {
        ok: false,
        issues: [{ line: error.line, field: '(syntax)', message: error.message }],
      };
    }
    throw error;
  }
  const head = envelope.safeParse(parsed.value);
  if (!head.success) {
    return {
      ok: false,
      issues: head.error.issues.map((issue) => ({
        line: parsed.lineOf(issue.path as Array<string | number>),
        field: issue.path.join('.') || '(file)',
        message: issue.message,
      })),
    };
  }
  const problems: ProblemInput[] = [];
  const issues: ImportIssue[] = [];
  head.data.problems.forEach((raw, index) => {
    const converted = head.data.version === 1 ? fromVersion1(raw) : { problem: raw };
    if ('issue' in converted) {
      const path = ['problems', index, 'hiddenTests'];
      issues.push({
        code: HIDDEN_TESTS_AS_CODE,
        line: parsed.lineOf(path),
        field: path.join('.'),
        message: converted.issue,
      });
      return;
    }
    const result = problemInput.safeParse(converted.problem);
    if (result.success) {
      problems.push(result.data);
      return;
    }
    for (const issue of result.error.issues) {
      const path = ['problems', index, ...(issue.path as Array<string | number>)];
      issues.push({ line: parsed.lineOf(path), field: path.join('.'), message: issue.message });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, problems };
}

/**
 * A version 1 problem as version 2: one without hidden tests converts as it is;
 * hidden test files cannot be turned into data mechanically, so they are refused.
 */
function fromVersion1(raw: unknown): { problem: unknown } | { issue: string } {
  if (typeof raw !== 'object' || raw === null) return { problem: raw };
  const { hiddenTests, ...rest } = raw as Record<string, unknown>;
  if (Array.isArray(hiddenTests) && hiddenTests.length > 0) {
    return {
      issue:
        'Version 1 hidden tests are code that ran in the candidate’s process, which could fake their results. Write them as "grading" cases (docs/question-format.md) and set "version": 2.',
    };
  }
  return { problem: rest };
}

/** The export document for a list of problems. */
export function serializeProblems(problems: ProblemInputAsWritten[]): string {
  return `${JSON.stringify({ format: EXCHANGE_FORMAT, version: EXCHANGE_VERSION, problems }, null, 2)}\n`;
}
