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
import { RoomChat } from '#app/components/room/RoomChat.tsx';
import { endLabel, RoomClock } from '#app/components/room/RoomClock.tsx';
import { useRoom } from '#app/components/room/use-room.ts';
import { Terminal, terminalLinks } from '#app/components/terminal/Terminal.tsx';
import { ObserverWorkspace } from '#app/components/workspace/ObserverWorkspace.tsx';
import { useObserverToken } from '#app/components/workspace/use-observer-token.ts';
import { WorkspaceError } from '#app/components/workspace/WorkspaceError.tsx';
import { workspaceOptions } from '#app/components/workspace/workspace-options.ts';
import { readEditorManifest } from '#app/editor/manifest.server.ts';
import { requireObserverWorkspace } from '#app/interview/access.server.ts';
import { chatHistory } from '#app/interview/room-chat.server.ts';
import roomStyles from '../styles/room.css';
import workspaceStyles from '../styles/workspace.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: workspaceStyles },
  { rel: 'stylesheet', href: roomStyles },
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
      roomChat: await chatHistory(context.services.database.db, access.sessionId),
      editor: readEditorManifest(),
      serverNow: Date.now(),
      tokenTtlSeconds: context.services.config.OBSERVER_TOKEN_TTL_SECONDS,
    },
    { headers: { 'cache-control': 'private, no-store' } },
  );
}

export default function ObservePage() {
  const { access, editor, serverNow, tokenTtlSeconds, roomChat } = useLoaderData<typeof loader>();
  const token = useObserverToken(access.candidateId, access.collab.token, tokenTtlSeconds);
  const room = useRoom(access.room, roomChat);
  const options = useMemo(
    () => ({
      ...workspaceOptions({ ...access, collab: { ...access.collab, token } }, serverNow),
      onRoomMessage: room.onRoomMessage,
    }),
    [access, serverNow, token, room.onRoomMessage],
  );
  const events = useSessionActivity(access.candidateId);
  const away = candidateAway(events);
  const replayUrl = `/candidates/${access.candidateId}/replay`;
  return (
    <ObserverWorkspace
      manifest={editor}
      options={options}
      candidateName={access.candidateName}
      assessmentTitle={access.assessment.title}
      problem={access.problem}
      slots={{
        timer: (
          <RoomClock
            state={room.state}
            running={(state) => (
              <Timer
                candidateId={null}
                deadlineAt={state.deadlineAt}
                serverTime={state.serverTime}
                status={state.status}
                onWarning={() => {}}
                onExpired={() => {}}
              />
            )}
          />
        ),
        actions: (
          <>
            {away && !room.ended ? (
              <span className="badge away" title="The candidate’s tab is in the background">
                away
              </span>
            ) : null}
            {room.ended ? (
              <span className="room-ended" role="status" data-testid="room-ended">
                {`Interview over (${endLabel(room.state.endReason)}).`}{' '}
                <Link to={replayUrl} className="button small">
                  Watch the replay
                </Link>
              </span>
            ) : null}
            <Link to={`/candidates/${access.candidateId}`} className="button secondary small">
              Report
            </Link>
          </>
        ),
        // After the end the sandbox is archived: the terminal lives on in the replay.
        terminal: !access.assessment.enableTerminal ? undefined : room.ended ? (
          <p className="muted terminal-ended">
            The interview is over; its terminal is in the <Link to={replayUrl}>replay</Link>.
          </p>
        ) : (
          <Terminal socketUrl={access.terminal.url} readOnly />
        ),
        tests: <ObserverTests events={events} testNames={access.problem.visibleTestNames} />,
        chat: access.assessment.enableAI ? <ObserverChat events={events} /> : undefined,
        talk: (
          <RoomChat
            messages={room.chat}
            postUrl={`/api/candidates/${access.candidateId}/room-chat`}
            closed={room.ended || access.role === 'viewer'}
            selfRole="interviewer"
            onPosted={room.addChat}
          />
        ),
      }}
    />
  );
}

export function ErrorBoundary() {
  return <WorkspaceError what="observer view" />;
}
