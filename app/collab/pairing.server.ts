import type { AppLoadContext } from '@remix-run/node';
import { and, eq, inArray } from 'drizzle-orm';
import { candidates, interviewSessions } from '../../db/schema/index.ts';
import { sendSessionCommand } from './session-commands.server.ts';

/**
 * Pair mode was just turned off for an assessment (decision 027): asks the
 * collab-server to stop pairing in each of its open sessions, so an
 * interviewer already editing goes back to watching now rather than at their
 * next reconnect. Returns how many sessions the collab-server answered for;
 * a session it did not (unreachable: logged) is still safe, since the
 * database refuses new pair tokens and new writable connections.
 */
export async function stopPairingInAssessment(
  context: AppLoadContext,
  organizationId: string,
  assessmentId: string,
): Promise<{ sessions: number; reached: number }> {
  const open = await context.services.database.db
    .select({ sessionId: interviewSessions.id })
    .from(interviewSessions)
    .innerJoin(candidates, eq(candidates.id, interviewSessions.candidateId))
    .where(
      and(
        eq(candidates.assessmentId, assessmentId),
        eq(interviewSessions.organizationId, organizationId),
        inArray(interviewSessions.status, ['ACTIVE', 'PAUSED']),
      ),
    );
  const answers = await Promise.all(
    open.map(({ sessionId }) =>
      sendSessionCommand(context, { sessionId, organizationId }, 'pairing'),
    ),
  );
  return { sessions: open.length, reached: answers.filter(Boolean).length };
}
