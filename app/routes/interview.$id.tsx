import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { chatTurns } from '#app/ai/history.server.ts';
import { InterviewSession } from '#app/components/interview/InterviewSession.tsx';
import { terminalLinks } from '#app/components/terminal/Terminal.tsx';
import { WorkspaceError } from '#app/components/workspace/WorkspaceError.tsx';
import { workspaceOptions } from '#app/components/workspace/workspace-options.ts';
import { readEditorManifest } from '#app/editor/manifest.server.ts';
import { requireCandidateWorkspace } from '#app/interview/access.server.ts';
import { chatHistory } from '#app/interview/room-chat.server.ts';
import { isSessionOpen } from '#protocol/sessions.ts';
import roomStyles from '../styles/room.css';
import workspaceStyles from '../styles/workspace.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: workspaceStyles },
  { rel: 'stylesheet', href: roomStyles },
  ...terminalLinks(),
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.access.assessment.title ?? 'Interview'} — Tandem` },
];

/** The candidate's live workspace; `$id` is the candidate id (the signed cookie must match). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireCandidateWorkspace(request, context, params.id ?? '');
  if (!isSessionOpen(access.session.status))
    throw redirect(`/interview/${access.candidateId}/done`);
  const turns = access.assessment.enableAI
    ? await chatTurns(context.services.database.db, access.sessionId)
    : [];
  const roomChat = await chatHistory(context.services.database.db, access.sessionId);
  return json(
    {
      access,
      editor: readEditorManifest(),
      serverNow: Date.now(),
      chatTurns: turns,
      roomChat,
      aiAvailable: Boolean(context.services.config.ANTHROPIC_API_KEY),
    },
    { headers: { 'cache-control': 'private, no-store' } },
  );
}

export default function InterviewPage() {
  const {
    access,
    editor,
    serverNow,
    chatTurns: turns,
    roomChat,
    aiAvailable,
  } = useLoaderData<typeof loader>();
  // Mount options are read once per document; later loader data only refreshes the token.
  const options = useMemo(
    () => ({
      ...workspaceOptions(access, serverNow),
      // The current problem's file in the candidate's language (after a language switch too).
      initialPath: access.problems.find((entry) => entry.position === access.currentProblem)
        ?.mainFile,
    }),
    [access, serverNow],
  );
  return (
    <InterviewSession
      candidateId={access.candidateId}
      manifest={editor}
      options={options}
      assessment={access.assessment}
      problem={access.problem}
      languages={access.languages}
      problems={access.problems}
      currentProblem={access.currentProblem}
      session={access.session}
      room={access.room}
      roomChat={roomChat}
      serverTime={new Date(serverNow).toISOString()}
      aiAvailable={aiAvailable}
      chatTurns={turns}
      terminalUrl={access.terminal.url}
      testNames={access.problem.visibleTestNames}
    />
  );
}

export function ErrorBoundary() {
  return <WorkspaceError what="interview" />;
}
