import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { Timer } from '#app/components/interview/Timer.tsx';
import { candidateAway } from '#app/components/observer/activity-views.ts';
import { ObserverChat, ObserverTests } from '#app/components/observer/ObserverPanels.tsx';
import { useSessionActivity } from '#app/components/observer/use-session-activity.ts';
import { Terminal, terminalLinks } from '#app/components/terminal/Terminal.tsx';
import { ObserverWorkspace } from '#app/components/workspace/ObserverWorkspace.tsx';
import { useObserverToken } from '#app/components/workspace/use-observer-token.ts';
import { WorkspaceError } from '#app/components/workspace/WorkspaceError.tsx';
import { workspaceOptions } from '#app/components/workspace/workspace-options.ts';
import { readEditorManifest } from '#app/editor/manifest.server.ts';
import { requireObserverWorkspace } from '#app/interview/access.server.ts';
import { isSessionOpen } from '#protocol/sessions.ts';
import workspaceStyles from '../styles/workspace.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: workspaceStyles },
  ...terminalLinks(),
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Observing ${data.access.candidateName} — Tandem` : 'Observe — Tandem' },
];

/** An interviewer watching a candidate's session live, read-only, with private notes. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireObserverWorkspace(request, context, params.id ?? '');
  return json(
    {
      access,
      editor: readEditorManifest(),
      serverNow: Date.now(),
      tokenTtlSeconds: context.services.config.OBSERVER_TOKEN_TTL_SECONDS,
    },
    { headers: { 'cache-control': 'private, no-store' } },
  );
}

export default function ObservePage() {
  const { access, editor, serverNow, tokenTtlSeconds } = useLoaderData<typeof loader>();
  const token = useObserverToken(access.candidateId, access.collab.token, tokenTtlSeconds);
  const options = useMemo(
    () => workspaceOptions({ ...access, collab: { ...access.collab, token } }, serverNow),
    [access, serverNow, token],
  );
  const events = useSessionActivity(access.candidateId);
  const away = candidateAway(events);
  const live = isSessionOpen(access.session.status);
  return (
    <ObserverWorkspace
      manifest={editor}
      options={options}
      candidateName={access.candidateName}
      assessmentTitle={access.assessment.title}
      problem={access.problem}
      slots={{
        timer: live ? (
          <Timer
            candidateId={null}
            deadlineAt={access.session.deadlineAt}
            serverTime={new Date(serverNow).toISOString()}
            status={access.session.status}
            onWarning={() => {}}
            onExpired={() => {}}
          />
        ) : (
          <span className="badge">{access.session.status.toLowerCase()}</span>
        ),
        actions: (
          <>
            {away ? (
              <span className="badge away" title="The candidate’s tab is in the background">
                away
              </span>
            ) : null}
            <Link to={`/candidates/${access.candidateId}`} className="button secondary small">
              Report
            </Link>
          </>
        ),
        terminal: access.assessment.enableTerminal ? (
          <Terminal socketUrl={access.terminal.url} readOnly />
        ) : undefined,
        tests: <ObserverTests events={events} testNames={access.problem.visibleTestNames} />,
        chat: access.assessment.enableAI ? <ObserverChat events={events} /> : undefined,
      }}
    />
  );
}

export function ErrorBoundary() {
  return <WorkspaceError what="observer view" />;
}
