import type { AppLoadContext } from '@remix-run/node';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { type interviewSessions, sessionEvents } from '../../db/schema/index.ts';
import { CHAT_MAX_CHARS, type ChatMessage } from '../../protocol/room.ts';
import { isSessionOpen } from '../../protocol/sessions.ts';
import { CodedError } from '../utils/coded-error.ts';
import { apiError } from '../utils/responses.server.ts';
import { broadcastToRoom } from './room.server.ts';

export type ChatErrorCode = 'EMPTY' | 'TOO_LONG' | 'SESSION_CLOSED';

/** A chat line that cannot be posted; `code` says why. */
export class ChatError extends CodedError<ChatErrorCode> {}

type SessionRow = typeof interviewSessions.$inferSelect;

function toMessage(row: { seq: number; at: Date; data: Record<string, unknown> }): ChatMessage {
  const data = row.data as Partial<ChatMessage>;
  return {
    id: String(row.seq),
    at: row.at.getTime(),
    authorRole: data.authorRole === 'candidate' ? 'candidate' : 'interviewer',
    authorName: String(data.authorName ?? ''),
    text: String(data.text ?? ''),
  };
}

/** The session's chat between interviewers and the candidate, oldest first. */
export async function chatHistory(db: Database, sessionId: string): Promise<ChatMessage[]> {
  const rows = await db
    .select({ seq: sessionEvents.seq, at: sessionEvents.at, data: sessionEvents.data })
    .from(sessionEvents)
    .where(and(eq(sessionEvents.sessionId, sessionId), eq(sessionEvents.type, 'chat_message')))
    .orderBy(asc(sessionEvents.seq))
    .limit(1000);
  return rows.map(toMessage);
}

/**
 * Posts a chat line while the interview is open: stored in the session's
 * event log (so the replay has it) and pushed to everyone in the room.
 */
export async function postChatMessage(
  context: AppLoadContext,
  session: SessionRow,
  author: { role: ChatMessage['authorRole']; name: string },
  input: unknown,
): Promise<ChatMessage> {
  const text = typeof input === 'string' ? input.trim() : '';
  if (!text) throw new ChatError('EMPTY', 'Write a message first.');
  if (text.length > CHAT_MAX_CHARS) {
    throw new ChatError('TOO_LONG', `Keep a message under ${CHAT_MAX_CHARS} characters.`);
  }
  if (!isSessionOpen(session.status)) {
    throw new ChatError('SESSION_CLOSED', 'This interview is over; the chat is closed.', 409);
  }
  const [row] = await context.services.database.db
    .insert(sessionEvents)
    .values({
      sessionId: session.id,
      at: new Date(),
      type: 'chat_message',
      data: { authorRole: author.role, authorName: author.name, text },
    })
    .returning({ seq: sessionEvents.seq, at: sessionEvents.at, data: sessionEvents.data });
  const message = toMessage(row!);
  await broadcastToRoom(
    context,
    { sessionId: session.id, organizationId: session.organizationId },
    { type: 'chat', message },
  );
  return message;
}

/** A chat route's reply: the stored line, or the error with its code. */
export async function chatResponse(
  context: AppLoadContext,
  request: Request,
  session: SessionRow,
  author: { role: ChatMessage['authorRole']; name: string },
): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as { text?: unknown };
  try {
    return Response.json({ message: await postChatMessage(context, session, author, body.text) });
  } catch (error) {
    if (error instanceof ChatError) return apiError(error.status, error.code, error.message);
    throw error;
  }
}
