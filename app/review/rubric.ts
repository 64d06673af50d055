import { z } from 'zod';

/** One dimension of a review rubric: what the model scores from 1 to 5. */
export interface RubricDimension {
  key: string;
  label: string;
  /** What a reviewer looks for; sent to the model. */
  guidance: string;
}

/** The rubric an assessment gets unless it sets its own. */
export const DEFAULT_RUBRIC: readonly RubricDimension[] = [
  {
    key: 'problem_solving',
    label: 'Problem solving',
    guidance:
      'Understanding of the problem, choice of approach, progress towards a correct solution.',
  },
  {
    key: 'code_quality',
    label: 'Code quality',
    guidance: 'Readability, naming, structure and correctness of the code that was handed in.',
  },
  {
    key: 'testing',
    label: 'Testing',
    guidance: 'How tests were run and used: running early, reacting to failures, edge cases.',
  },
  {
    key: 'communication',
    label: 'Communication',
    guidance: 'How clearly the candidate explained themselves in chat, notes and comments.',
  },
  {
    key: 'use_of_ai',
    label: 'Use of AI',
    guidance:
      'Whether AI help was asked for well, checked and understood rather than pasted blindly.',
  },
];

/** Scores run from SCORE_MIN to SCORE_MAX. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

export const rubricSchema = z
  .array(
    z.object({
      key: z
        .string()
        .regex(/^[a-z][a-z0-9_]{1,39}$/, 'a key is 2–40 lowercase letters, digits or _'),
      label: z.string().trim().min(1).max(60),
      guidance: z.string().trim().max(400).default(''),
    }),
  )
  .min(1)
  .max(10)
  .refine((dims) => new Set(dims.map((d) => d.key)).size === dims.length, 'keys must differ');
