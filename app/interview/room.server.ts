import type { AppLoadContext } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { interviewSessions, sessionEvents } from '../../db/schema/index.ts';
import {
  encodeRoomMessage,
  type RoomEvent,
  type RoomMessage,
  type RoomState,
} from '../../protocol/room.ts';
import { openSessionDocument, type SessionRef } from '../collab/session-document.server.ts';

type SessionRow = typeof interviewSessions.$inferSelect;

/** The clock's state as the live room shows it. */
export function roomStateOf(session: SessionRow, now = new Date()): RoomState {
  return {
    status: session.status,
    deadlineAt: session.deadlineAt.toISOString(),
    pausedAt: session.pausedAt?.toISOString() ?? null,
    pausedSeconds: session.pausedSeconds,
    endedAt: session.endedAt?.toISOString() ?? null,
    endReason: session.endReason,
    serverTime: now.toISOString(),
  };
}

/** The room state of a session, read now; null for an unknown session. */
export async function readRoomState(db: Database, sessionId: string): Promise<RoomState | null> {
  const [session] = await db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.id, sessionId));
  return session ? roomStateOf(session) : null;
}

/**
 * Sends a room message to everyone connected to the session (through the
 * collab-server's RoomRelay) and resolves once the relay has echoed it back,
 * or after `timeoutMs`. Returns whether it was relayed; nobody connected is
 * not a failure: pages read the state when they load.
 */
export async function broadcastToRoom(
  context: AppLoadContext,
  ref: SessionRef,
  message: RoomMessage,
  timeoutMs = 3000,
): Promise<boolean> {
  const payload = encodeRoomMessage(message);
  let open: Awaited<ReturnType<typeof openSessionDocument>>;
  try {
    open = await openSessionDocument(context, ref, timeoutMs);
  } catch (error) {
    context.services.logger.warn({ err: error, sessionId: ref.sessionId }, 'room unreachable');
    return false;
  }
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      open.provider.on('stateless', ({ payload: echoed }: { payload: string }) => {
        if (echoed !== payload) return;
        clearTimeout(timer);
        resolve(true);
      });
      open.provider.sendStateless(payload);
    });
  } finally {
    open.close();
  }
}

/**
 * Records a change of the interview's state in the session's event log (the
 * replay's timeline) and pushes it to the room. `data` says who did it and
 * what changed (minutes added, …).
 */
export async function announceRoomEvent(
  context: AppLoadContext,
  session: SessionRow,
  event: RoomEvent,
  data: Record<string, unknown> = {},
): Promise<boolean> {
  const state = roomStateOf(session);
  await context.services.database.db.insert(sessionEvents).values({
    sessionId: session.id,
    at: new Date(Date.parse(state.serverTime)),
    type: 'room_changed',
    data: { event, state, ...data },
  });
  return broadcastToRoom(
    context,
    { sessionId: session.id, organizationId: session.organizationId },
    { type: 'room', event, state, data },
  );
}

/** Announces the current state of a session by id (after a change made elsewhere). */
export async function announceSessionState(
  context: AppLoadContext,
  sessionId: string,
  event: RoomEvent,
  data: Record<string, unknown> = {},
): Promise<boolean> {
  const [session] = await context.services.database.db
    .select()
    .from(interviewSessions)
    .where(eq(interviewSessions.id, sessionId));
  return session ? announceRoomEvent(context, session, event, data) : false;
}
