import type { ActionFunctionArgs } from '@remix-run/node';
import { createAnthropicClient, readChatContext, runChatTurn } from '#app/ai/chat.server.ts';
import { requireChatInterview } from '#app/ai/chat-interview.server.ts';
import { chatRequestSchema } from '#app/ai/chat-request.ts';
import { startChatTurn } from '#app/ai/rate-limit.server.ts';
import { apiError } from '#app/utils/responses.server.ts';
import { sseResponse } from '#app/utils/sse.server.ts';

/**
 * POST /api/interview/:id/chat — one turn with the AI assistant, streamed as
 * SSE: `content` {delta}, `usage` {inputTokens, outputTokens}, `done`, `error`.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const interview = await requireChatInterview(request, context, params.id ?? '');
  if (!interview.enableAI || interview.aiPolicy === 'off') {
    return apiError(403, 'AI_DISABLED', 'The AI assistant is not part of this interview.');
  }
  const client = createAnthropicClient(context);
  if (!client) {
    return apiError(503, 'AI_UNAVAILABLE', 'The AI assistant is not available on this server.');
  }
  const parsed = chatRequestSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return apiError(
      400,
      'BAD_REQUEST',
      parsed.error.issues[0]?.message ?? 'Malformed chat request.',
    );
  }
  const db = context.services.database.db;
  const { sessionId } = interview;
  // The prompt's context does not depend on the rate decision: read it beside
  // the statement that counts and records the turn (issue 17: first token).
  const reads = readChatContext(db, sessionId);
  reads.catch(() => {}); // awaited below, or dropped when the turn is refused
  const decision = await startChatTurn(db, {
    sessionId,
    prompt: parsed.data.message,
    model: context.services.config.ANTHROPIC_MODEL,
  });
  if (!decision.ok) {
    const response = apiError(429, 'RATE_LIMITED', decision.message, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
    response.headers.set('retry-after', String(decision.retryAfterSeconds));
    return response;
  }
  return sseResponse(async (send, signal) => {
    try {
      const chatContext = await reads;
      await runChatTurn(
        context,
        client,
        {
          sessionId,
          organizationId: interview.organizationId,
          problem: {
            title: interview.problem?.title ?? '',
            description: interview.problem?.description ?? '',
          },
          prompt: parsed.data.message,
          openFile: parsed.data.openFile ?? null,
          policy: interview.aiPolicy,
          turn: { interactionId: decision.interactionId, startedAt: decision.startedAt },
          context: chatContext,
        },
        (event) => send(event.event, event.data),
        signal,
      );
    } finally {
      decision.release();
    }
  }, request.signal);
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
