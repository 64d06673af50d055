import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { requireOwnInterview } from '#app/interview/candidate-session.server.ts';
import { secondsRemaining } from '#app/interview/lookup.server.ts';
import { apiError } from '#app/utils/responses.server.ts';
import { interviewSessions } from '#db/schema/index.ts';
import { isSessionOpen } from '#protocol/sessions.ts';

/**
 * GET /api/interview/:id/status (seed 1.6) — the session's status and the true
 * time remaining by the server's clock. One indexed lookup: cheap enough to poll.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const candidateId = params.id ?? '';
  await requireOwnInterview(request, context, candidateId);
  const [session] = await context.services.database.db
    .select({
      id: interviewSessions.id,
      status: interviewSessions.status,
      deadlineAt: interviewSessions.deadlineAt,
      pausedAt: interviewSessions.pausedAt,
    })
    .from(interviewSessions)
    .where(eq(interviewSessions.candidateId, candidateId));
  if (!session) return apiError(409, 'NOT_STARTED', 'Start the interview first.');
  return json(
    {
      sessionId: session.id,
      status: session.status,
      // Frozen while the team has paused the interview.
      timeRemaining: isSessionOpen(session.status)
        ? secondsRemaining(session.deadlineAt, session.pausedAt?.getTime() ?? Date.now())
        : 0,
      pausedAt: session.pausedAt?.toISOString() ?? null,
      deadlineAt: session.deadlineAt.toISOString(),
      serverTime: new Date().toISOString(),
    },
    { headers: { 'cache-control': 'no-store' } },
  );
}
