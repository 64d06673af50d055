import { parseJsonObject } from './json-payload.ts';
import type { SessionStatus } from './sessions.ts';

/**
 * The live room: what everyone in an interview (candidate, observers) learns
 * the moment it happens — the clock's state and the chat. The app announces
 * it through the collab-server as a stateless message on the session
 * document's WebSocket, which only a service connection may send and the
 * server relays to every connection of the document (decision 022).
 */

/** What the AI assistant may do in an assessment. */
export const AI_POLICIES = ['off', 'hints', 'full'] as const;
export type AiPolicy = (typeof AI_POLICIES)[number];

export function isAiPolicy(value: unknown): value is AiPolicy {
  return typeof value === 'string' && (AI_POLICIES as readonly string[]).includes(value);
}

/**
 * Room events by name. `problem.switched` belongs to the several-problems
 * work; the room relays it like any other when that code announces it.
 */
export const ROOM_EVENTS = [
  'session.started',
  'session.paused',
  'session.resumed',
  'time.extended',
  'session.submitted',
  'time.up',
  'problem.switched',
  'link.reissued',
] as const;
export type RoomEvent = (typeof ROOM_EVENTS)[number];

/** The interview clock as the server owns it. */
export interface RoomState {
  status: SessionStatus;
  deadlineAt: string;
  /** Set while PAUSED: the countdown is frozen at deadlineAt − pausedAt. */
  pausedAt: string | null;
  pausedSeconds: number;
  endedAt: string | null;
  endReason: string | null;
  /** The server's clock when the state was read, to correct the browser's. */
  serverTime: string;
}

export interface ChatMessage {
  id: string;
  /** Milliseconds since the epoch (server clock). */
  at: number;
  authorRole: 'candidate' | 'interviewer';
  authorName: string;
  text: string;
}

export const CHAT_MAX_CHARS = 2000;

export type RoomMessage =
  | { type: 'room'; event: RoomEvent; state: RoomState; data?: Record<string, unknown> }
  | { type: 'chat'; message: ChatMessage };

/** Encodes a room message as a stateless payload. */
export function encodeRoomMessage(message: RoomMessage): string {
  return JSON.stringify(message);
}

/** Parses a stateless payload; null when it is not a room message. */
export function parseRoomMessage(payload: string): RoomMessage | null {
  const value = parseJsonObject(payload);
  if (!value) return null;
  const message = value as Partial<RoomMessage> & Record<string, unknown>;
  if (message.type === 'room') {
    const { event, state } = message as { event?: unknown; state?: unknown };
    if (typeof event !== 'string' || !(ROOM_EVENTS as readonly string[]).includes(event))
      return null;
    if (typeof state !== 'object' || state === null) return null;
    return value as unknown as RoomMessage;
  }
  if (message.type === 'chat') {
    const chat = (message as { message?: Partial<ChatMessage> }).message;
    if (!chat || typeof chat.text !== 'string' || typeof chat.id !== 'string') return null;
    return value as unknown as RoomMessage;
  }
  return null;
}

/** Whole seconds left on the clock: frozen while paused, zero once ended. */
export function roomSecondsLeft(state: RoomState, now: number): number {
  if (state.status === 'COMPLETED' || state.status === 'EXPIRED') return 0;
  const at = state.pausedAt ? Date.parse(state.pausedAt) : now;
  return Math.max(0, Math.ceil((Date.parse(state.deadlineAt) - at) / 1000));
}
