import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { serverCapabilities } from '#app/capabilities.server.ts';
import {
  readCandidateId,
  serializeCandidateCookie,
} from '#app/interview/candidate-cookie.server.ts';
import { consumeInvitation, inspectInvitation } from '#app/interview/invitations.server.ts';
import { startInterview } from '#app/interview/start.server.ts';

export const meta: MetaFunction = () => [{ title: 'Your interview — Tandem' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const view = await inspectInvitation(context.services.database.db, params.token ?? '');
  // The browser that already used this link resumes; anyone else sees why it no longer works.
  if (view.state === 'used' && view.candidateId) {
    const cookieCandidate = await readCandidateId(request, context);
    if (cookieCandidate === view.candidateId) throw redirect(`/interview/${view.candidateId}`);
  }
  const status = view.state === 'valid' ? 200 : view.state === 'unknown' ? 404 : 410;
  return json(
    {
      state: view.state,
      candidateName: view.candidateName,
      organizationName: view.organizationName,
      assessment: view.assessment,
      // What this server offers, not only what the assessment asks for.
      aiAvailable: serverCapabilities(context.services.config).ai,
    },
    { status },
  );
}

export async function action({ params, context }: ActionFunctionArgs) {
  const candidateId = await consumeInvitation(context.services.database.db, params.token ?? '');
  if (!candidateId) throw redirect(`/invite/${params.token}`);
  const cookie = await serializeCandidateCookie(context, candidateId);
  await startInterview(context, candidateId);
  throw redirect(`/interview/${candidateId}`, { headers: { 'set-cookie': cookie } });
}

const messages: Record<string, string> = {
  used: 'This invitation link was already used. If that was not you, ask the hiring team for a new link.',
  expired: 'This invitation has expired. Ask the hiring team to send a new one.',
  revoked: 'This invitation was withdrawn by the hiring team.',
  unknown: 'This invitation link is not valid. Check that you copied the whole link.',
};

export default function Invitation() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  if (data.state !== 'valid' || !data.assessment) {
    return (
      <main id="main" className="auth-page">
        <h1>Invitation unavailable</h1>
        <p>{messages[data.state]}</p>
      </main>
    );
  }
  const { assessment } = data;
  return (
    <main id="main" className="auth-page invite">
      <p className="muted">{data.organizationName}</p>
      <h1>{assessment.title}</h1>
      <p>Hi {data.candidateName}, welcome to your live coding interview.</p>
      <ul className="facts">
        <li>
          <strong>{assessment.durationMinutes} minutes</strong> — the timer starts when you press
          Start and keeps running if you close the tab.
        </li>
        <li>
          An editor with several files{assessment.enableTerminal ? ', a terminal' : ''} and visible
          tests.
        </li>
        <li>
          {assessment.enableAI && data.aiAvailable
            ? 'An AI assistant is available.'
            : 'No AI assistant in this interview.'}
        </li>
        <li>The hiring team can watch your session live and review it afterwards.</li>
      </ul>
      <Form method="post">
        <button type="submit" disabled={navigation.state !== 'idle'}>
          {navigation.state !== 'idle' ? 'Preparing your workspace…' : 'Start interview'}
        </button>
      </Form>
    </main>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
