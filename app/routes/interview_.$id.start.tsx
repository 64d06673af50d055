import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { LanguagePicker } from '#app/components/interview/LanguagePicker.tsx';
import { holdsCandidate } from '#app/interview/candidate-cookie.server.ts';
import { loadInterview } from '#app/interview/lookup.server.ts';
import { languageChoices, startInterview } from '#app/interview/start.server.ts';
import { invariantResponse } from '#app/utils/responses.server.ts';

/**
 * For a candidate whose invitation was used but whose session did not start
 * (the start failed half-way): start it again from here.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const candidateId = params.id ?? '';
  invariantResponse(
    await holdsCandidate(request, context, candidateId),
    'Open the interview from your invitation link.',
    {
      status: 403,
    },
  );
  const interview = await loadInterview(context.services.database.db, candidateId);
  invariantResponse(interview, 'Interview not found.', { status: 404 });
  if (interview.session) throw redirect(`/interview/${candidateId}`);
  return json({
    title: interview.assessment.title,
    minutes: interview.assessment.durationMinutes,
    languages: await languageChoices(context, candidateId),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const candidateId = params.id ?? '';
  invariantResponse(
    await holdsCandidate(request, context, candidateId),
    'Open the interview from your invitation link.',
    {
      status: 403,
    },
  );
  const form = await request.formData();
  const outcome = await startInterview(context, candidateId, form.get('language'));
  if (outcome.kind === 'error') return json({ error: outcome.message }, { status: outcome.status });
  throw redirect(
    outcome.kind === 'closed' ? `/interview/${candidateId}/done` : `/interview/${candidateId}`,
  );
}

export default function StartAgain() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  return (
    <main id="main" className="auth-page">
      <h1>{data.title}</h1>
      <p>{`Your ${data.minutes}-minute interview has not started yet.`}</p>
      {result?.error ? <p className="form-error">{result.error}</p> : null}
      <Form method="post">
        <LanguagePicker languages={data.languages} />
        <button type="submit" disabled={busy}>
          {busy ? 'Preparing your workspace…' : 'Start interview'}
        </button>
      </Form>
    </main>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
