import { z } from 'zod';
import { gradingSpec } from '../../protocol/grading.ts';
import { normalizeWorkspacePath } from '../../protocol/paths.ts';
import {
  DIFFICULTIES,
  isCompiled,
  LANGUAGES,
  type Language,
  MODULE_EXTENSIONS,
} from '../../protocol/problems.ts';

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

/** The problem in one more language (decision 023); the hidden cases are shared. */
const languageVersion = z.object({
  module: z.string().min(1, 'Name the module the hidden cases call in this language.'),
  entry: z
    .string()
    .regex(/^[A-Za-z_$][\w$]*$/)
    .optional(),
  starterFiles: files('starter file', 1),
  visibleTests: files('visible test file', 1),
  referenceSolution: files('reference solution file', 0).default([]),
});

/** A hidden-case module in the wrong language is refused with the field's path. */
function checkModule(
  ctx: z.RefinementCtx,
  language: Language,
  module: string,
  starterPaths: string[],
  path: Array<string | number>,
) {
  if (!starterPaths.includes(module)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `The hidden cases call ${module}, which is not a starter file.`,
    });
  }
  if (!MODULE_EXTENSIONS[language].some((extension) => module.endsWith(extension))) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `A ${language} problem's cases call a ${MODULE_EXTENSIONS[language].join(' or ')} module.`,
    });
  }
}

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
    /** The problem in its other languages, keyed by language (decision 023). */
    languageVersions: z.partialRecord(z.enum(LANGUAGES), languageVersion).nullable().optional(),
  })
  .superRefine((problem, ctx) => {
    const { grading } = problem;
    const paths = (files: Array<{ path: string }>) => files.map((file) => file.path);
    // A version's module is checked even before the problem has hidden cases.
    const versions = Object.entries(problem.languageVersions ?? {}) as Array<
      [Language, z.infer<typeof languageVersion>]
    >;
    for (const [language, version] of versions) {
      checkModule(ctx, language, version.module, paths(version.starterFiles), [
        'languageVersions',
        language,
        'module',
      ]);
    }
    if (!grading) return;
    checkModule(ctx, problem.language, grading.module, paths(problem.starterFiles), [
      'grading',
      'module',
    ]);
    const compiled = [problem.language, ...versions.map(([language]) => language)].filter(
      isCompiled,
    );
    if (compiled.length > 0 && grading.cases.length > 0 && !grading.signature) {
      ctx.addIssue({
        code: 'custom',
        path: ['grading', 'signature'],
        message: `${compiled.join(', ')} call the entry with typed arguments: give the cases a signature.`,
      });
    }
  });

export type ProblemInput = z.infer<typeof problemInput>;
/** A problem as written, before defaults are applied (the seeds, an export). */
export type ProblemInputAsWritten = z.input<typeof problemInput>;
