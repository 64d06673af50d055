import { type ActionFunctionArgs, json } from '@remix-run/node';
import { requireCandidateSession } from '#app/interview/candidate-session.server.ts';
import { storeClientEvents } from '#app/interview/client-events.server.ts';
import { apiError } from '#app/utils/responses.server.ts';
import { clientEventBatchSchema } from '#protocol/events.ts';

/** Largest accepted body; 200 events fit easily. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /api/interview/:id/events/batch (seed 4.1) — the browser's batched
 * session events. Every event is validated; one bad event rejects the whole
 * batch with 400 and the index at fault, and nothing is written.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const interview = await requireCandidateSession(request, context, params.id ?? '', {
    allowClosed: true,
  });
  const raw = await request.text();
  if (raw.length > MAX_BODY_BYTES) {
    return apiError(413, 'TOO_LARGE', 'Send at most 200 events per batch.');
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return apiError(400, 'MALFORMED_JSON', 'The batch is not valid JSON.');
  }
  const parsed = clientEventBatchSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return apiError(400, 'INVALID_EVENT', `${issue.path.join('.') || 'body'}: ${issue.message}`, {
      path: issue.path,
    });
  }
  const stored = await storeClientEvents(
    context.services.database.db,
    interview.session.id,
    parsed.data.events,
    parsed.data.sentAt,
  );
  return json({ stored });
}

export function loader() {
  return apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.');
}
