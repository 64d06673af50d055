import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { serverCapabilities } from '#app/capabilities.server.ts';
import { LanguagePicker } from '#app/components/interview/LanguagePicker.tsx';
import { ResumeInterview } from '#app/components/interview/ResumeInterview.tsx';
import {
  holdsCandidate,
  serializeCandidateCookie,
} from '#app/interview/candidate-cookie.server.ts';
import {
  consumeInvitation,
  consumeResumeLink,
  inspectInvitation,
} from '#app/interview/invitations.server.ts';
import {
  ResumeCodeError,
  recordResume,
  redeemResumeCode,
  sendResumeCode,
} from '#app/interview/resume-codes.server.ts';
import { languageChoices, startInterview } from '#app/interview/start.server.ts';

export const meta: MetaFunction = () => [{ title: 'Your interview — Tandem' }];

const OPEN_STATES = new Set(['valid', 'resume-link', 'resume-code']);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const view = await inspectInvitation(context.services.database.db, params.token ?? '');
  // The browser that already holds this interview resumes; another one proves who it is.
  if (view.candidateId && view.state !== 'unknown' && view.state !== 'revoked') {
    const held = await holdsCandidate(request, context, view.candidateId);
    if (held && view.state !== 'valid') {
      throw redirect(
        view.state === 'ended'
          ? `/interview/${view.candidateId}/done`
          : `/interview/${view.candidateId}`,
      );
    }
  }
  const status = OPEN_STATES.has(view.state) ? 200 : view.state === 'unknown' ? 404 : 410;
  return json(
    {
      state: view.state,
      candidateName: view.candidateName,
      organizationName: view.organizationName,
      assessment: view.assessment,
      // What this server offers, not only what the assessment asks for.
      aiAvailable: serverCapabilities(context.services.config).ai,
      languages: view.state === 'valid' ? await languageChoices(context, view.candidateId) : [],
    },
    { status },
  );
}

type ActionResult = {
  error?: { code: string; message: string };
  codeSent?: { emailStatus: string; to: string };
};

async function enter(
  request: Request,
  context: ActionFunctionArgs['context'],
  candidateId: string,
) {
  const cookie = await serializeCandidateCookie(request, context, candidateId);
  return redirect(`/interview/${candidateId}`, { headers: { 'set-cookie': cookie } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? '';
  const db = context.services.database.db;
  const form = await request.formData();
  const intent = String(form.get('intent') ?? 'start');
  try {
    switch (intent) {
      case 'send-code':
        return json<ActionResult>({ codeSent: await sendResumeCode(context, token) });
      case 'verify-code': {
        const candidateId = await redeemResumeCode(context, token, String(form.get('code') ?? ''));
        await recordResume(context, candidateId, 'code');
        throw await enter(request, context, candidateId);
      }
      case 'resume-link': {
        const candidateId = await consumeResumeLink(db, token);
        if (!candidateId) throw redirect(`/invite/${token}`);
        await recordResume(context, candidateId, 'team-link');
        throw await enter(request, context, candidateId);
      }
      default: {
        const candidateId = await consumeInvitation(db, token);
        if (!candidateId) throw redirect(`/invite/${token}`);
        const entered = await enter(request, context, candidateId);
        await startInterview(context, candidateId, form.get('language'));
        throw entered;
      }
    }
  } catch (error) {
    if (error instanceof ResumeCodeError) {
      return json<ActionResult>(
        { error: { code: error.code, message: error.message } },
        { status: error.status },
      );
    }
    throw error;
  }
}

const messages: Record<string, string> = {
  ended: 'This interview is over. Thank you — the hiring team has your submission.',
  used: 'This invitation link was already used. If that was not you, ask the hiring team for a new link.',
  expired: 'This invitation has expired. Ask the hiring team to send a new one.',
  revoked: 'This invitation was withdrawn by the hiring team.',
  unknown: 'This invitation link is not valid. Check that you copied the whole link.',
};

export default function Invitation() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  if ((data.state === 'resume-code' || data.state === 'resume-link') && data.assessment) {
    return (
      <ResumeInterview
        state={data.state}
        title={data.assessment.title}
        candidateName={data.candidateName}
      />
    );
  }
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
        <LanguagePicker languages={data.languages} />
        <button type="submit" disabled={navigation.state !== 'idle'}>
          {navigation.state !== 'idle' ? 'Preparing your workspace…' : 'Start interview'}
        </button>
      </Form>
    </main>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
