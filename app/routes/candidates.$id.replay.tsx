import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireUser, roleInOrganization } from '#app/auth/guards.server.ts';
import { ReplayView } from '#app/components/replay/ReplayView.tsx';
import { terminalLinks } from '#app/components/terminal/Terminal.tsx';
import { LargerScreenNotice } from '#app/components/ui/LargerScreenNotice.tsx';
import { statusText } from '#app/components/ui/status-text.ts';
import { WorkspaceError } from '#app/components/workspace/WorkspaceError.tsx';
import { readEditorManifest } from '#app/editor/manifest.server.ts';
import { loadInterview } from '#app/interview/lookup.server.ts';
import { declaredTestNames } from '#app/interview/test-names.ts';
import { invariantResponse } from '#app/utils/responses.server.ts';
import { isSessionOpen } from '#protocol/sessions.ts';
import replayStyles from '../styles/replay.css';
import workspaceStyles from '../styles/workspace.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: workspaceStyles },
  ...terminalLinks(),
  { rel: 'stylesheet', href: replayStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Replay of ${data.candidate.name} — Tandem` : 'Replay — Tandem' },
];

/**
 * The replay of a candidate's session, full-screen (outside the team layout):
 * the page itself is small; the history comes from the history API, fetched
 * and indexed by the replay worker. Members of the owning organization only.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const db = context.services.database.db;
  const interview = await loadInterview(db, params.id ?? '');
  const role = interview
    ? await roleInOrganization(context, user.id, interview.candidate.organizationId)
    : null;
  invariantResponse(interview && role, 'Candidate not found.', { status: 404 });
  invariantResponse(
    interview.session,
    'This candidate has not started yet: there is nothing to replay.',
    {
      status: 404,
    },
  );
  const manifest = readEditorManifest();
  invariantResponse(manifest.replay, 'The replay is not built yet: run `npm run build`.', {
    status: 503,
  });
  return json(
    {
      candidate: { id: interview.candidate.id, name: interview.candidate.name },
      assessmentTitle: interview.assessment.title,
      status: interview.session.status,
      live: isSessionOpen(interview.session.status),
      showTerminal: interview.assessment.enableTerminal,
      showChat: interview.assessment.enableAI,
      testNames: declaredTestNames(interview.problem?.visibleTests ?? []),
      editor: manifest.replay,
    },
    { headers: { 'cache-control': 'private, no-store' } },
  );
}

export default function ReplayPage() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const offset = Number(params.get('t'));
  return (
    <main id="main">
      <LargerScreenNotice what="replay" />
      <ReplayView
        initialOffsetMs={params.has('t') && Number.isFinite(offset) ? offset : null}
        historyUrl={`/api/candidates/${data.candidate.id}/history`}
        editor={data.editor}
        testNames={data.testNames}
        showTerminal={data.showTerminal}
        showChat={data.showChat}
        live={data.live}
        title={
          <div className="replay-title">
            <a href="/dashboard" className="brand">
              Tandem
            </a>
            <h1>
              Replay · {data.candidate.name} <span className="muted">{data.assessmentTitle}</span>
            </h1>
            <span className={`badge status-${data.status}`}>{statusText(data.status)}</span>
          </div>
        }
        actions={
          <Link to={`/candidates/${data.candidate.id}`} className="button secondary small">
            Report
          </Link>
        }
      />
    </main>
  );
}

export function ErrorBoundary() {
  return <WorkspaceError what="replay" />;
}
