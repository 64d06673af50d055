import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useCallback, useMemo, useState } from 'react';
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
import type { AccessChange } from '#app/editor/api.ts';
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

/**
 * An interviewer watching a candidate's session live, read-only, with private
 * notes; with pair mode on, "Edit with the candidate" makes the editor
 * writable with a pair token (decision 027).
 */
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
  const room = useRoom(access.room, roomChat);
  const pair = usePairToken(access.candidateId);
  // The interview's end turns pairing off: the collab-server makes the session read-only.
  // So does the team turning pair mode off: the collab-server says so (decision 027).
  const pairing = pair.token !== null && !room.ended && pair.turnedOff === null;
  const token = useObserverToken(
    access.candidateId,
    pairing ? pair.token! : access.collab.token,
    tokenTtlSeconds,
    pairing,
  );
  const options = useMemo(
    () => ({
      ...workspaceOptions(
        { ...access, readOnly: !pairing, collab: { ...access.collab, token } },
        serverNow,
      ),
      onRoomMessage: room.onRoomMessage,
      onAccessChange: pair.onAccessChange,
    }),
    [access, serverNow, token, room.onRoomMessage, pair.onAccessChange, pairing],
  );
  const events = useSessionActivity(access.candidateId);
  const away = candidateAway(events);
  const replayUrl = `/candidates/${access.candidateId}/replay`;
  return (
    <ObserverWorkspace
      // Another token and write access: the workspace reconnects (remounts).
      key={pairing ? 'pair' : 'watch'}
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
            {access.canPair && !room.ended && pair.turnedOff === null ? (
              <button
                type="button"
                className={pairing ? 'small' : 'secondary small'}
                aria-pressed={pairing}
                data-testid="pair-toggle"
                disabled={pair.busy}
                onClick={() => (pairing ? pair.stop() : pair.start())}
              >
                {pairing ? 'Stop editing' : 'Edit with the candidate'}
              </button>
            ) : null}
            {pair.turnedOff && !room.ended ? (
              <span className="pair-stopped" role="status" data-testid="pair-turned-off">
                The team turned off editing for this assessment.
                {pair.turnedOff.unsyncedChanges ? ' Your last change was not kept.' : ''}
              </span>
            ) : null}
            {pair.error ? (
              <span className="form-error" role="alert">
                {pair.error}
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
          <Terminal socketUrl={access.terminal.url} token={token} readOnly />
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

/**
 * "Edit with the candidate": asks for a pair token (403 NOT_ALLOWED_TO_PAIR
 * when refused). `turnedOff` is set when the collab-server took write access
 * away because the team turned pair mode off: the page drops the token and
 * no longer offers to edit.
 */
function usePairToken(candidateId: string) {
  const [token, setToken] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [turnedOff, setTurnedOff] = useState<AccessChange | null>(null);
  const onAccessChange = useCallback((change: AccessChange) => {
    if (change.reason !== 'PAIR_MODE_OFF') return;
    setTurnedOff(change);
    setToken(null);
  }, []);
  const start = useCallback(() => {
    setBusy(true);
    setError(null);
    fetch(`/api/candidates/${candidateId}/observer-token?pair=1`, { credentials: 'same-origin' })
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as {
          token?: unknown;
          error?: { message?: string };
        } | null;
        if (response.ok && typeof body?.token === 'string') setToken(body.token);
        else setError(body?.error?.message ?? 'You may not edit this session.');
      })
      .catch(() => setError('The server could not be reached; try again.'))
      .finally(() => setBusy(false));
  }, [candidateId]);
  const stop = useCallback(() => setToken(null), []);
  return { token, busy, error, start, stop, turnedOff, onAccessChange };
}

export function ErrorBoundary() {
  return <WorkspaceError what="observer view" />;
}
