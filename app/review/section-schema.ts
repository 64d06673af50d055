import { z } from 'zod';
import { SCORE_MAX, SCORE_MIN } from './rubric.ts';

const citation = z.object({
  t: z.number(),
  quote: z.string(),
  path: z.string().optional(),
  reason: z.string().optional(),
});

/** The review section's JSON (ReviewSectionData), for the API document. */
export const reviewSectionSchema = z.union([
  z.object({ enabled: z.boolean(), status: z.literal('none') }),
  z.object({
    enabled: z.boolean(),
    status: z.enum(['queued', 'running', 'failed']),
    attempts: z.number().int(),
    error: z.string().nullable(),
  }),
  z.object({
    enabled: z.boolean(),
    status: z.literal('done'),
    attempts: z.number().int(),
    error: z.string().nullable(),
    summary: z.string(),
    model: z.string(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z.number(),
    latencyMs: z.number().nullable(),
    completedAt: z.string().nullable(),
    rubric: z.array(
      z.object({ key: z.string(), label: z.string(), guidance: z.string(), weight: z.number() }),
    ),
    weightedScore: z.number().nullable(),
    dimensions: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        modelScore: z.number(),
        reasoning: z.string(),
        citations: z.array(citation),
        dropped: z.array(citation),
        support: z.enum(['supported', 'less-supported', 'unsupported']),
        decision: z.enum(['pending', 'accepted', 'changed', 'rejected']),
        finalScore: z.number().nullable(),
        note: z.string().nullable(),
        decidedBy: z.string().nullable(),
        decidedAt: z.string().nullable(),
      }),
    ),
  }),
]);

/** What a reviewer does with one score: accept the model's, change it, or reject it. */
export const reviewDecisionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('accept'),
    dimension: z.string().min(1),
    note: z.string().max(2000).optional(),
  }),
  z.object({
    action: z.literal('change'),
    dimension: z.string().min(1),
    score: z.coerce.number().min(SCORE_MIN).max(SCORE_MAX),
    note: z.string().max(2000).optional(),
  }),
  z.object({
    action: z.literal('reject'),
    dimension: z.string().min(1),
    note: z.string().max(2000).optional(),
  }),
]);
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

/** An assessment's rubric (GET/PUT/DELETE /api/assessments/:id/rubric). */
export const rubricViewSchema = z.object({
  assessmentId: z.string(),
  assessmentTitle: z.string(),
  custom: z.boolean(),
  dimensions: z.array(
    z.object({ key: z.string(), label: z.string(), guidance: z.string(), weight: z.number() }),
  ),
  updatedAt: z.string().nullable(),
});
