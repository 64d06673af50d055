import type { ActionFunctionArgs } from '@remix-run/node';
import { requireMember } from '#app/auth/guards.server.ts';
import { codeUnderTest, tryProblemRequest } from '#app/questions/try-request.ts';
import { BridgeClientError } from '#app/sandbox/bridge-client.server.ts';
import { apiError } from '#app/utils/responses.server.ts';
import { sseStreamResponse } from '#app/utils/sse.server.ts';

/**
 * POST /api/problems/try — the question editor's "Try it": runs the visible
 * tests and the hidden cases against the reference solution in a throwaway sandbox, before
 * saving, streamed like any test run (hidden results marked).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const parsed = tryProblemRequest.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return apiError(
      400,
      'BAD_REQUEST',
      parsed.error.issues[0]?.message ?? 'Send the problem to try.',
    );
  }
  try {
    const stream = await context.services.bridge.tryProblem(member.organization.id, {
      language: parsed.data.language,
      files: codeUnderTest(parsed.data),
      visibleTests: parsed.data.visibleTests,
      grading: parsed.data.grading,
    });
    return sseStreamResponse(stream);
  } catch (error) {
    if (error instanceof BridgeClientError)
      return apiError(error.status, error.code, error.message);
    throw error;
  }
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
