import { z } from 'zod';
import { gradingSpec } from '../../protocol/grading.ts';
import { normalizeWorkspacePath } from '../../protocol/paths.ts';
import { DIFFICULTIES, LANGUAGES } from '../../protocol/problems.ts';

const file = z.object({
  path: z
    .string()
    .min(1, 'A file needs a path.')
    .transform((path, ctx) => {
      try {
        return normalizeWorkspacePath(path);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: error instanceof Error ? error.message : 'Bad path.',
        });
        return z.NEVER;
      }
    }),
  content: z.string().max(200_000, 'A file can have at most 200,000 characters.'),
});

const files = (label: string, min: number) =>
  z.array(file).min(min, `Add at least ${min} ${label}.`).max(20, `At most 20 ${label}.`);

/** A problem of the question bank, as the editor and the import format give it. */
export const problemInput = z
  .object({
    title: z.string().trim().min(3, 'The title needs at least 3 characters.').max(120),
    description: z
      .string()
      .trim()
      .min(10, 'Describe the problem (at least 10 characters).')
      .max(20_000),
    difficulty: z.enum(DIFFICULTIES, {
      message: `Difficulty is one of ${DIFFICULTIES.join(', ')}.`,
    }),
    category: z.string().trim().min(1).max(40).default('general'),
    tags: z.array(z.string().trim().min(1).max(30)).max(10).default([]),
    language: z.enum(LANGUAGES, { message: `Language is one of ${LANGUAGES.join(', ')}.` }),
    estimatedMinutes: z.number().int().min(5).max(240).default(30),
    starterFiles: files('starter file', 1),
    visibleTests: files('visible test file', 1),
    /** Hidden cases as data (protocol/grading.ts); null: visible tests only. */
    grading: gradingSpec.nullable().default(null),
    referenceSolution: files('reference solution file', 0).nullable().default(null),
  })
  .superRefine((problem, ctx) => {
    const { grading } = problem;
    if (!grading) return;
    if (!problem.starterFiles.some((file) => file.path === grading.module)) {
      ctx.addIssue({
        code: 'custom',
        path: ['grading', 'module'],
        message: `The hidden cases call ${grading.module}, which is not a starter file.`,
      });
    }
    if ((problem.language === 'python') !== grading.module.endsWith('.py')) {
      ctx.addIssue({
        code: 'custom',
        path: ['grading', 'module'],
        message: `A ${problem.language} problem's cases call a ${problem.language === 'python' ? '.py' : '.ts or .js'} module.`,
      });
    }
  });

export type ProblemInput = z.infer<typeof problemInput>;
/** A problem as written, before defaults are applied (the seeds, an export). */
export type ProblemInputAsWritten = z.input<typeof problemInput>;
