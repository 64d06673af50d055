import { z } from 'zod';

/** One dimension of a review rubric: what the model scores from 1 to 5. */
export interface RubricDimension {
  /** Stable identifier: the model answers by key, scores are stored by key. */
  key: string;
  label: string;
  /** What a reviewer looks for; sent to the model. */
  guidance: string;
  /** Share of the dimension in the review's weighted score (relative to the others). */
  weight: number;
}

/** The rubric an assessment gets unless it sets its own. */
export const DEFAULT_RUBRIC: readonly RubricDimension[] = [
  {
    key: 'problem_solving',
    label: 'Problem solving',
    guidance:
      'Understanding of the problem, choice of approach, progress towards a correct solution.',
    weight: 1,
  },
  {
    key: 'code_quality',
    label: 'Code quality',
    guidance: 'Readability, naming, structure and correctness of the code that was handed in.',
    weight: 1,
  },
  {
    key: 'testing',
    label: 'Testing',
    guidance: 'How tests were run and used: running early, reacting to failures, edge cases.',
    weight: 1,
  },
  {
    key: 'communication',
    label: 'Communication',
    guidance: 'How clearly the candidate explained themselves in chat, notes and comments.',
    weight: 1,
  },
  {
    key: 'use_of_ai',
    label: 'Use of AI',
    guidance:
      'Whether AI help was asked for well, checked and understood rather than pasted blindly.',
    weight: 1,
  },
];

/** Scores run from SCORE_MIN to SCORE_MAX. */
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** What an edited rubric may hold. */
export const RUBRIC_LIMITS = {
  maxDimensions: 10,
  labelChars: 60,
  guidanceChars: 400,
  minWeight: 0,
  maxWeight: 10,
} as const;

const KEY = /^[a-z][a-z0-9_]{1,39}$/;

/** A rubric as stored (weights default to 1: rubrics saved before weights existed). */
export const rubricSchema = z
  .array(
    z.object({
      key: z.string().regex(KEY, 'a key is 2–40 lowercase letters, digits or _'),
      label: z.string().trim().min(1).max(RUBRIC_LIMITS.labelChars),
      guidance: z.string().trim().max(RUBRIC_LIMITS.guidanceChars).default(''),
      weight: z.number().min(RUBRIC_LIMITS.minWeight).max(RUBRIC_LIMITS.maxWeight).default(1),
    }),
  )
  .min(1)
  .max(RUBRIC_LIMITS.maxDimensions)
  .refine((dims) => new Set(dims.map((d) => d.key)).size === dims.length, 'keys must differ');

/** Why an edited rubric was refused; `index` names the dimension (0-based) when it is one. */
export type RubricIssueCode =
  | 'RUBRIC_NOT_A_LIST'
  | 'RUBRIC_EMPTY'
  | 'RUBRIC_TOO_MANY_DIMENSIONS'
  | 'RUBRIC_NAME_EMPTY'
  | 'RUBRIC_NAME_TOO_LONG'
  | 'RUBRIC_NAME_DUPLICATE'
  | 'RUBRIC_GUIDANCE_TOO_LONG'
  | 'RUBRIC_WEIGHT_INVALID'
  | 'RUBRIC_WEIGHTS_ALL_ZERO'
  | 'RUBRIC_KEY_INVALID'
  | 'RUBRIC_KEY_DUPLICATE';

export interface RubricIssue {
  code: RubricIssueCode;
  message: string;
  index?: number;
  field?: 'label' | 'guidance' | 'weight' | 'key';
}

/** What an editor sends: a key for dimensions that already exist (keeps their scores' identity). */
export const rubricInputSchema = z.object({
  dimensions: z.array(
    z.object({
      key: z.string().optional(),
      label: z.string(),
      guidance: z.string().optional(),
      weight: z.union([z.number(), z.string()]).optional(),
    }),
  ),
});

/** A key from a name: `Système design!` → `systeme_design`. */
export function keyFromLabel(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 36);
  const key = /^[a-z]/.test(slug) ? slug : `d_${slug}`;
  return key.length >= 2 ? key.slice(0, 36) : 'dimension';
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/**
 * Validates an edited rubric (the `dimensions` list an editor sends) and
 * gives every dimension a key: its own when it has one, else one made from
 * its name. Every problem is reported, each with a code, not only the first.
 */
export function validateRubric(
  input: unknown,
): { ok: true; dimensions: RubricDimension[] } | { ok: false; issues: RubricIssue[] } {
  if (!Array.isArray(input)) {
    return {
      ok: false,
      issues: [{ code: 'RUBRIC_NOT_A_LIST', message: 'Send the dimensions as a list.' }],
    };
  }
  const issues: RubricIssue[] = [];
  if (input.length === 0) {
    issues.push({ code: 'RUBRIC_EMPTY', message: 'A rubric needs at least one dimension.' });
  }
  if (input.length > RUBRIC_LIMITS.maxDimensions) {
    issues.push({
      code: 'RUBRIC_TOO_MANY_DIMENSIONS',
      message: `A rubric has at most ${RUBRIC_LIMITS.maxDimensions} dimensions; this one has ${input.length}.`,
    });
  }
  const seenNames = new Map<string, number>();
  const seenKeys = new Set<string>();
  const dimensions: RubricDimension[] = [];
  input.forEach((raw, index) => {
    const item = asRecord(raw) ?? {};
    const label = typeof item.label === 'string' ? item.label.trim().replace(/\s+/g, ' ') : '';
    const guidance = typeof item.guidance === 'string' ? item.guidance.trim() : '';
    const at = `Dimension ${index + 1}`;
    if (!label) {
      issues.push({
        code: 'RUBRIC_NAME_EMPTY',
        message: `${at} has no name.`,
        index,
        field: 'label',
      });
    } else if (label.length > RUBRIC_LIMITS.labelChars) {
      issues.push({
        code: 'RUBRIC_NAME_TOO_LONG',
        message: `${at}: keep the name under ${RUBRIC_LIMITS.labelChars} characters.`,
        index,
        field: 'label',
      });
    } else {
      const folded = label.toLowerCase();
      const first = seenNames.get(folded);
      if (first !== undefined) {
        issues.push({
          code: 'RUBRIC_NAME_DUPLICATE',
          message: `${at} has the same name as dimension ${first + 1} (“${label}”).`,
          index,
          field: 'label',
        });
      } else seenNames.set(folded, index);
    }
    if (guidance.length > RUBRIC_LIMITS.guidanceChars) {
      issues.push({
        code: 'RUBRIC_GUIDANCE_TOO_LONG',
        message: `${at}: keep the guidance under ${RUBRIC_LIMITS.guidanceChars} characters.`,
        index,
        field: 'guidance',
      });
    }
    const rawWeight = item.weight ?? 1;
    const weight =
      typeof rawWeight === 'number'
        ? rawWeight
        : typeof rawWeight === 'string' && rawWeight.trim() !== ''
          ? Number(rawWeight)
          : Number.NaN;
    if (
      !Number.isFinite(weight) ||
      weight < RUBRIC_LIMITS.minWeight ||
      weight > RUBRIC_LIMITS.maxWeight
    ) {
      issues.push({
        code: 'RUBRIC_WEIGHT_INVALID',
        message: `${at}: the weight is a number from ${RUBRIC_LIMITS.minWeight} to ${RUBRIC_LIMITS.maxWeight}.`,
        index,
        field: 'weight',
      });
    }
    const key = typeof item.key === 'string' && item.key !== '' ? item.key : null;
    if (key !== null && !KEY.test(key)) {
      issues.push({
        code: 'RUBRIC_KEY_INVALID',
        message: `${at}: a key is 2–40 lowercase letters, digits or _.`,
        index,
        field: 'key',
      });
    } else if (key !== null && seenKeys.has(key)) {
      issues.push({
        code: 'RUBRIC_KEY_DUPLICATE',
        message: `${at} has the same key as another dimension (${key}).`,
        index,
        field: 'key',
      });
    }
    if (key !== null) seenKeys.add(key);
    dimensions.push({ key: key ?? '', label, guidance, weight: Math.round(weight * 100) / 100 });
  });
  if (
    dimensions.length > 0 &&
    issues.every((i) => i.code !== 'RUBRIC_WEIGHT_INVALID') &&
    dimensions.every((d) => d.weight === 0)
  ) {
    issues.push({
      code: 'RUBRIC_WEIGHTS_ALL_ZERO',
      message: 'At least one dimension needs a weight above 0.',
      field: 'weight',
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  // New dimensions get a key from their name, unlike any other key.
  for (const dimension of dimensions) {
    if (dimension.key) continue;
    const base = keyFromLabel(dimension.label);
    let key = base;
    for (let n = 2; seenKeys.has(key); n++) key = `${base}_${n}`;
    seenKeys.add(key);
    dimension.key = key;
  }
  return { ok: true, dimensions };
}

/**
 * The weighted mean of a review's scores with the rubric it was made with;
 * each dimension counts with the reviewer's final score when decided, the
 * model's while pending, and not at all when rejected. Null when nothing counts.
 */
export function weightedScore(
  rubric: ReadonlyArray<{ key: string; weight?: number | undefined }>,
  scores: ReadonlyArray<{
    key: string;
    modelScore: number;
    decision: string;
    finalScore: number | null;
  }>,
): number | null {
  let total = 0;
  let weights = 0;
  for (const score of scores) {
    if (score.decision === 'rejected') continue;
    const value = score.decision === 'pending' ? score.modelScore : score.finalScore;
    if (value === null) continue;
    const weight = rubric.find((d) => d.key === score.key)?.weight ?? 1;
    total += value * weight;
    weights += weight;
  }
  return weights > 0 ? Math.round((total / weights) * 100) / 100 : null;
}
