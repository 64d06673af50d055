import Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  MessageParam,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import type { AppLoadContext } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { aiInteractions, sessionEvents } from '../../db/schema/index.ts';
import type { AiPolicy } from '../../protocol/room.ts';
import { readSessionFiles } from '../collab/session-document.server.ts';
import {
  buildSystemPrompt,
  conversationHistory,
  lastTestSummary,
  type OpenFile,
  type TestSummary,
} from './context.server.ts';
import { enforcePolicy, policyPrompt } from './policy.ts';
import { runWorkspaceTool, WORKSPACE_TOOLS } from './tools.server.ts';

/** The chat stream's events (seed plan 1.3): content, usage, done, error. */
export type ChatStreamEvent =
  | { event: 'content'; data: { delta: string } }
  | { event: 'usage'; data: { inputTokens: number; outputTokens: number } }
  | { event: 'done'; data: { interactionId: string; stopReason: string | null } }
  | { event: 'error'; data: { code: string; message: string } };

export interface ChatTurnInput {
  sessionId: string;
  organizationId: string;
  problem: { title: string; description: string };
  prompt: string;
  openFile: OpenFile | null;
  /** The assessment's policy: under 'hints' the answer is checked before it is shown. */
  policy: AiPolicy;
  /** The turn's record, already committed (rate-limit.server.ts `startChatTurn`). */
  turn: { interactionId: string; startedAt: number };
  /** What the prompt needs from the database, read beside the record (`readChatContext`). */
  context: ChatContext;
}

export interface ChatContext {
  tests: TestSummary | null;
  /** Answered turns only, so it never includes the one being asked. */
  history: MessageParam[];
}

/** The database reads the prompt needs; independent of the turn's record, so run beside it. */
export async function readChatContext(db: Database, sessionId: string): Promise<ChatContext> {
  const [tests, history] = await Promise.all([
    lastTestSummary(db, sessionId),
    conversationHistory(db, sessionId),
  ]);
  return { tests, history };
}

const MAX_TOOL_ROUNDS = 4;
const MAX_OUTPUT_TOKENS = 1500;

/** The Anthropic client, or null when no API key is configured. */
export function createAnthropicClient(context: AppLoadContext): Anthropic | null {
  const { ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL } = context.services.config;
  if (!ANTHROPIC_API_KEY) return null;
  return new Anthropic({
    apiKey: ANTHROPIC_API_KEY,
    ...(ANTHROPIC_BASE_URL ? { baseURL: ANTHROPIC_BASE_URL } : {}),
  });
}

/**
 * One turn with the assistant, whose prompt is already stored: streams text
 * deltas as they arrive, lets the model read workspace files through tools,
 * then stores the answer (model, tokens, latency) and records it for
 * observers and replay.
 */
export async function runChatTurn(
  context: AppLoadContext,
  client: Anthropic,
  input: ChatTurnInput,
  emit: (event: ChatStreamEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const db = context.services.database.db;
  const model = context.services.config.ANTHROPIC_MODEL;
  const { interactionId, startedAt: started } = input.turn;
  const { tests, history } = input.context;

  const system =
    buildSystemPrompt({
      problem: input.problem,
      openFile: input.openFile,
      tests,
    }) + policyPrompt(input.policy);
  // Hints only: nothing reaches the candidate before the whole answer is checked.
  const checked = input.policy === 'hints';
  const show = (delta: string) => {
    if (!checked) emit({ event: 'content', data: { delta } });
  };
  const messages: MessageParam[] = [...history, { role: 'user', content: input.prompt }];
  // The turn we just inserted has no response yet, so history does not repeat it.
  let response = '';
  let inputTokens = 0;
  let outputTokens = 0;
  let firstTokenMs: number | null = null;
  let stopReason: string | null = null;
  let files: Record<string, string> | null = null;
  let failure: { code: string; message: string } | null = null;

  try {
    for (let round = 0; round < MAX_TOOL_ROUNDS; round++) {
      const stream = client.messages.stream(
        { model, max_tokens: MAX_OUTPUT_TOKENS, system, messages, tools: WORKSPACE_TOOLS },
        { signal },
      );
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          firstTokenMs ??= Date.now() - started;
          response += event.delta.text;
          show(event.delta.text);
        }
      }
      const message = await stream.finalMessage();
      inputTokens += message.usage.input_tokens;
      outputTokens += message.usage.output_tokens;
      stopReason = message.stop_reason;
      if (message.stop_reason !== 'tool_use') break;
      files ??= (await readSessionFiles(context, input)).files;
      const results: ToolResultBlockParam[] = [];
      for (const block of message.content) {
        if (block.type !== 'tool_use') continue;
        const result = runWorkspaceTool(block.name, block.input, files);
        results.push({
          type: 'tool_result',
          tool_use_id: block.id,
          content: result.content,
          is_error: result.isError,
        });
      }
      messages.push({ role: 'assistant', content: message.content as ContentBlockParam[] });
      messages.push({ role: 'user', content: results });
      if (response && !response.endsWith('\n')) {
        response += '\n\n';
        show('\n\n');
      }
    }
  } catch (error) {
    failure = describeFailure(error, signal);
  }

  const verdict = enforcePolicy(input.policy, response);
  if (checked && verdict.shown) emit({ event: 'content', data: { delta: verdict.shown } });
  response = verdict.shown;
  const latencyMs = Date.now() - started;
  context.services.metrics.aiCall({
    purpose: 'chat',
    model,
    inputTokens,
    outputTokens,
    seconds: latencyMs / 1000,
    firstTokenSeconds: firstTokenMs === null ? null : firstTokenMs / 1000,
    outcome: failure ? 'error' : 'ok',
  });
  context.services.logger.info(
    {
      sessionId: input.sessionId,
      model,
      inputTokens,
      outputTokens,
      latencyMs,
      ...(failure ? { code: failure.code } : {}),
    },
    'ai turn finished',
  );
  await db
    .update(aiInteractions)
    .set({
      response,
      inputTokens,
      outputTokens,
      latencyMs,
      firstTokenMs,
      stopReason,
      error: failure?.message ?? null,
    })
    .where(eq(aiInteractions.id, interactionId));
  await db.insert(sessionEvents).values({
    sessionId: input.sessionId,
    at: new Date(),
    type: 'ai_turn_finished',
    data: {
      interactionId,
      response,
      inputTokens,
      outputTokens,
      latencyMs,
      error: failure?.code ?? null,
      policy: input.policy,
      withheld: verdict.withheld,
    },
  });
  emit({ event: 'usage', data: { inputTokens, outputTokens } });
  if (failure) emit({ event: 'error', data: failure });
  else emit({ event: 'done', data: { interactionId, stopReason } });
}

function describeFailure(error: unknown, signal?: AbortSignal): { code: string; message: string } {
  if (signal?.aborted) return { code: 'AI_ABORTED', message: 'The answer was stopped.' };
  if (error instanceof Anthropic.APIError) {
    const status = error.status ?? 0;
    if (status === 429 || status === 529) {
      return {
        code: 'AI_OVERLOADED',
        message: 'The assistant is busy right now; try again in a moment.',
      };
    }
    if (status === 401 || status === 403) {
      return {
        code: 'AI_UNAVAILABLE',
        message: 'The assistant is not configured correctly; tell the hiring team.',
      };
    }
    return {
      code: 'AI_UPSTREAM_ERROR',
      message: `The assistant failed (${status || 'network'}); try again.`,
    };
  }
  return { code: 'AI_UPSTREAM_ERROR', message: 'The assistant could not be reached; try again.' };
}
