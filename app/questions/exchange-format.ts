import { z } from 'zod';
import { JsonSyntaxError, parseJsonWithPositions } from './json-positions.ts';
import { type ProblemInput, problemInput } from './problem-input.ts';

/**
 * The question bank's import/export format (docs/question-format.md):
 * `{ "format": "tandem.problems", "version": 1, "problems": [ … ] }`.
 */
export const EXCHANGE_FORMAT = 'tandem.problems';
export const EXCHANGE_VERSION = 1;

const envelope = z.object({
  format: z.literal(EXCHANGE_FORMAT, { message: `format must be "${EXCHANGE_FORMAT}"` }),
  version: z.literal(EXCHANGE_VERSION, { message: `version must be ${EXCHANGE_VERSION}` }),
  problems: z.array(z.unknown()).min(1, 'problems must list at least one problem').max(500),
});

export interface ImportIssue {
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
    const result = problemInput.safeParse(raw);
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

/** The export document for a list of problems. */
export function serializeProblems(problems: ProblemInput[]): string {
  return `${JSON.stringify({ format: EXCHANGE_FORMAT, version: EXCHANGE_VERSION, problems }, null, 2)}\n`;
}
