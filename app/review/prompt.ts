import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { EvidenceInstant, ReviewEvidence } from './evidence.ts';
import { type RubricDimension, SCORE_MAX, SCORE_MIN } from './rubric.ts';

/** The tool the model must call with its review: structured output. */
export const REVIEW_TOOL = 'record_review';

const SYSTEM = `You review a recorded coding interview for a hiring team.
You see instants of the session's replay; each starts with [t=N], N being milliseconds since the session started.
Score every rubric dimension from ${SCORE_MIN} (poor) to ${SCORE_MAX} (excellent), with two or three sentences of reasoning.
Back each score with citations: an instant t copied from the evidence and a short quote (one line, at most 200 characters) copied exactly from the text at that instant; for code, also give the file's path.
Cite only what the evidence shows. Judge the work, not the person: identities are redacted on purpose.
Answer by calling the ${REVIEW_TOOL} tool once.`;

const citationSchema = z.object({
  t: z.number(),
  quote: z.string().max(1000),
  path: z.string().max(300).optional(),
});

/** What the model's tool call must contain. */
export const modelReviewSchema = z.object({
  summary: z.string().max(4000).default(''),
  dimensions: z
    .array(
      z.object({
        key: z.string(),
        score: z.number().min(SCORE_MIN).max(SCORE_MAX),
        reasoning: z.string().max(4000),
        citations: z.array(citationSchema).max(20).default([]),
      }),
    )
    .max(20),
});
export type ModelReview = z.infer<typeof modelReviewSchema>;

function renderInstant(instant: EvidenceInstant): string {
  const head = `[t=${instant.t}] ${instant.label}`;
  if (instant.files) {
    return [head, ...instant.files.map((f) => `--- ${f.path} ---\n${f.text}`)].join('\n');
  }
  return `${head}\n${instant.text ?? ''}`;
}

/** The Messages API request of a review (no identity in it: the evidence is redacted). */
export function buildReviewRequest(
  evidence: ReviewEvidence,
  rubric: readonly RubricDimension[],
  model: string,
): Anthropic.MessageCreateParamsNonStreaming {
  const rubricText = rubric
    .map((d) => `- ${d.key} (${d.label}): ${d.guidance || 'as the label says'}`)
    .join('\n');
  const evidenceText = evidence.instants.map(renderInstant).join('\n\n');
  return {
    model,
    max_tokens: 4000,
    system: SYSTEM,
    tools: [
      {
        name: REVIEW_TOOL,
        description: 'Records the review: one entry per rubric dimension.',
        input_schema: {
          type: 'object',
          properties: {
            summary: { type: 'string' },
            dimensions: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  key: { type: 'string', enum: rubric.map((d) => d.key) },
                  score: { type: 'number', minimum: SCORE_MIN, maximum: SCORE_MAX },
                  reasoning: { type: 'string' },
                  citations: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        t: { type: 'integer' },
                        quote: { type: 'string' },
                        path: { type: 'string' },
                      },
                      required: ['t', 'quote'],
                    },
                  },
                },
                required: ['key', 'score', 'reasoning', 'citations'],
              },
            },
          },
          required: ['summary', 'dimensions'],
        },
      },
    ],
    tool_choice: { type: 'tool', name: REVIEW_TOOL },
    messages: [
      {
        role: 'user',
        content: `Rubric:\n${rubricText}\n\nThe session lasted ${Math.round(evidence.durationMs / 1000)} s.\n\nEvidence:\n\n${evidenceText}`,
      },
    ],
  };
}
