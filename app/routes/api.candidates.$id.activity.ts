import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser, roleInOrganization } from '#app/auth/guards.server.ts';
import { loadInterview } from '#app/interview/lookup.server.ts';
import { eventsAfter } from '#app/observer/activity.server.ts';
import { apiError } from '#app/utils/responses.server.ts';

const POLL_MS = 500;
/** Streams end after a while; EventSource reconnects with Last-Event-ID. */
const STREAM_MS = 5 * 60_000;

/**
 * GET /api/candidates/:id/activity — the session's events as they happen
 * (test runs and results, AI turns, focus, pastes, files opened), as SSE with
 * `id:` = event sequence, for the observers of the owning organization.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const db = context.services.database.db;
  const interview = await loadInterview(db, params.id ?? '');
  const role = interview
    ? await roleInOrganization(context, user.id, interview.candidate.organizationId)
    : null;
  if (!interview || !role) return apiError(404, 'NOT_FOUND', 'Candidate not found.');
  const session = interview.session;
  if (!session) return apiError(409, 'NOT_STARTED', 'This candidate has not started yet.');

  const url = new URL(request.url);
  let last =
    Number(request.headers.get('last-event-id') ?? url.searchParams.get('after') ?? 0) || 0;
  const encoder = new TextEncoder();
  const signal = request.signal;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const started = Date.now();
      controller.enqueue(encoder.encode('retry: 1000\n\n'));
      try {
        while (!signal.aborted && Date.now() - started < STREAM_MS) {
          const events = await eventsAfter(db, session.id, last);
          for (const event of events) {
            controller.enqueue(
              encoder.encode(
                `id: ${event.seq}\nevent: session_event\ndata: ${JSON.stringify(event)}\n\n`,
              ),
            );
            last = event.seq;
          }
          if (events.length < 200) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      } catch (error) {
        context.services.logger.warn(
          { err: error, sessionId: session.id },
          'activity stream stopped',
        );
      } finally {
        try {
          controller.close();
        } catch {
          // the client went away first
        }
      }
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
