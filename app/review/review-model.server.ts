import type Anthropic from '@anthropic-ai/sdk';
import { type ModelReview, modelReviewSchema, REVIEW_TOOL } from './prompt.ts';

export interface ModelUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

export type ReviewErrorCode = 'REVIEW_NO_TOOL_CALL' | 'REVIEW_BAD_ANSWER' | 'REVIEW_API_FAILED';

/** A review attempt that failed; `usage` is what it cost when the model did answer. */
export class ReviewError extends Error {
  readonly code: ReviewErrorCode;
  readonly usage: ModelUsage | null;
  constructor(code: ReviewErrorCode, message: string, usage: ModelUsage | null = null) {
    super(message);
    this.name = 'ReviewError';
    this.code = code;
    this.usage = usage;
  }
}

/** Sends the review request and returns the model's validated tool call, with its usage. */
export async function askForReview(
  client: Anthropic,
  request: Anthropic.MessageCreateParamsNonStreaming,
): Promise<{ review: ModelReview; usage: ModelUsage }> {
  const started = performance.now();
  let message: Anthropic.Message;
  try {
    message = await client.messages.stream(request).finalMessage();
  } catch (error) {
    throw new ReviewError('REVIEW_API_FAILED', `The model could not be reached: ${String(error)}`);
  }
  const usage: ModelUsage = {
    model: message.model || request.model,
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
    latencyMs: Math.round(performance.now() - started),
  };
  const call = message.content.find(
    (block): block is Anthropic.ToolUseBlock =>
      block.type === 'tool_use' && block.name === REVIEW_TOOL,
  );
  if (!call)
    throw new ReviewError('REVIEW_NO_TOOL_CALL', 'The model did not record a review.', usage);
  const parsed = modelReviewSchema.safeParse(call.input);
  if (!parsed.success) {
    throw new ReviewError(
      'REVIEW_BAD_ANSWER',
      `The review had the wrong shape: ${parsed.error.message}`,
      usage,
    );
  }
  return { review: parsed.data, usage };
}
