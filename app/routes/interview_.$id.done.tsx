import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { holdsCandidate } from '#app/interview/candidate-cookie.server.ts';
import { loadInterview } from '#app/interview/lookup.server.ts';
import { invariantResponse } from '#app/utils/responses.server.ts';

export const meta: MetaFunction = () => [{ title: 'Interview submitted — Tandem' }];

/** Where the candidate lands after submitting or when time ran out. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const candidateId = params.id ?? '';
  invariantResponse(
    await holdsCandidate(request, context, candidateId),
    'This is not your interview.',
    {
      status: 403,
    },
  );
  const interview = await loadInterview(context.services.database.db, candidateId);
  invariantResponse(interview, 'Interview not found.', { status: 404 });
  return json({
    name: interview.candidate.name,
    organization: interview.organization.name,
    reason: interview.session?.endReason ?? null,
    status: interview.candidate.status,
  });
}

export default function Done() {
  const data = useLoaderData<typeof loader>();
  return (
    <main id="main" className="auth-page">
      <h1>{data.reason === 'timer' ? 'Time is up' : 'Interview submitted'}</h1>
      <p>
        Thank you, {data.name}.{' '}
        {data.reason === 'timer'
          ? 'Your work was submitted automatically when the time ran out. '
          : ''}
        {data.organization} has your code and will be in touch.
      </p>
      <p className="muted">You can close this tab. A confirmation was sent by e-mail.</p>
    </main>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
