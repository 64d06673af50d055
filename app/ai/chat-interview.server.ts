import type { AppLoadContext } from '@remix-run/node';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/backup/rows.ts';
import type { Database } from '../../db/client.ts';
import type { AiPolicy } from '../../protocol/room.ts';
import { isSessionOpen, type SessionStatus } from '../../protocol/sessions.ts';
import { requireOwnInterview } from '../interview/candidate-session.server.ts';
import { apiError } from '../utils/responses.server.ts';

/** What a chat turn needs to know about the interview, and nothing more. */
export interface ChatInterview {
  organizationId: string;
  enableAI: boolean;
  aiPolicy: AiPolicy;
  sessionId: string | null;
  status: SessionStatus | null;
  /** The problem the candidate is on (as `loadInterview`'s `problem`). */
  problem: { title: string; description: string } | null;
}

/**
 * One query for what `loadInterview` gives the chat route in two (the second
 * with every column of the session's problems: starter files, tests,
 * reference solution), which was most of the chat's time before the model
 * is asked (decision 020, fourth pass). The current problem is chosen as
 * there: the session's problem at `current_problem`, else its first, else,
 * for a session without problem rows, the session's own problem.
 */
export async function loadChatInterview(
  db: Database,
  candidateId: string,
): Promise<ChatInterview | null> {
  const [row] = await queryRows<{
    organizationId: string;
    enableAI: boolean;
    aiPolicy: AiPolicy;
    sessionId: string | null;
    status: SessionStatus | null;
    title: string | null;
    description: string | null;
  }>(
    db,
    sql`select c.organization_id as "organizationId", a.enable_ai as "enableAI",
        a.ai_policy as "aiPolicy", s.id as "sessionId", s.status as "status",
        coalesce(on_problem.title, own.title) as "title",
        coalesce(on_problem.description, own.description) as "description"
      from candidates c
      join assessments a on a.id = c.assessment_id
      left join interview_sessions s on s.candidate_id = c.id
      left join lateral (
        select p.title, p.description
        from session_problems sp join problems p on p.id = sp.problem_id
        where sp.session_id = s.id
        order by (sp.position = s.current_problem) desc, sp.position
        limit 1
      ) on_problem on true
      left join problems own on on_problem.title is null and own.id = s.problem_id
      where c.id = ${candidateId}`,
  );
  if (!row) return null;
  const { title, description, ...rest } = row;
  return {
    ...rest,
    problem: title === null ? null : { title, description: description ?? '' },
  };
}

/**
 * The chat route's guard: the cookie must name this candidate, and the
 * session must exist and be open (the same refusals as
 * `requireCandidateSession`). Throws a JSON error Response with a code.
 */
export async function requireChatInterview(
  request: Request,
  context: AppLoadContext,
  candidateId: string,
): Promise<ChatInterview & { sessionId: string }> {
  await requireOwnInterview(request, context, candidateId);
  const interview = await loadChatInterview(context.services.database.db, candidateId);
  if (!interview) throw apiError(404, 'NOT_FOUND', 'Interview not found.');
  const { sessionId, status } = interview;
  if (!sessionId || !status) throw apiError(409, 'NOT_STARTED', 'Start the interview first.');
  if (!isSessionOpen(status)) {
    throw apiError(409, 'SESSION_CLOSED', 'This interview is over; nothing more can be changed.');
  }
  return { ...interview, sessionId };
}
