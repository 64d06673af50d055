import { type ActionFunctionArgs, json } from '@remix-run/node';
import { problemViews } from '#app/interview/access.server.ts';
import { requireCandidateSession } from '#app/interview/candidate-session.server.ts';
import { switchLanguage } from '#app/interview/switch-language.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

/**
 * POST /api/interview/:id/language — `{ "language": "java" }` switches the
 * candidate's language during the interview (decision 023): the old files
 * move to `previous/<language>/`, the new language's starter appears, and
 * tests and grading run in it. Answers with the language now in use and the
 * session's problems in it (main file, test names) for the page.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
  const interview = await requireCandidateSession(request, context, params.id ?? '');
  const body = (await request.json().catch(() => null)) as { language?: unknown } | null;
  if (!body || typeof body !== 'object' || typeof body.language !== 'string') {
    return apiError(400, 'BAD_REQUEST', 'Send { "language": "<language>" }.');
  }
  const outcome = await switchLanguage(context, interview, body.language);
  if (outcome.kind === 'error') return apiError(outcome.status, outcome.code, outcome.message);
  return json({
    language: outcome.language,
    switched: outcome.event !== null,
    event: outcome.event,
    // The page updates in place: each problem's language, main file and test names.
    problems: problemViews(interview.sessionProblems, outcome.language),
  });
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
