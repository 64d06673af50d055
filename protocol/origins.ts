import { parseJsonObject } from './json-payload.ts';
import type { ParticipantRole } from './roles.ts';

/**
 * Where an edit came from. Writers tag their transactions at the source; the
 * collab-server checks that the connection may claim the tag and records it
 * beside the update in the history log (docs/decisions/005-edit-origins.md).
 */
export const EDIT_ORIGINS = [
  'typed',
  'paste',
  'ai-paste',
  'file-op',
  'terminal',
  'tool',
  'api',
  'seed',
  'resync',
  'recovered',
  'relayed',
  'interviewer',
] as const;
export type EditOrigin = (typeof EDIT_ORIGINS)[number];

/** Origins a browser client (candidate, interviewer, viewer) may claim. */
export const CLIENT_ORIGINS = ['typed', 'paste', 'ai-paste', 'file-op'] as const;
export type ClientEditOrigin = (typeof CLIENT_ORIGINS)[number];

/** Origins only the bridge, the files API or the initializer may claim. */
export const SERVICE_ORIGINS = ['terminal', 'tool', 'api', 'seed', 'file-op'] as const;
export type ServiceEditOrigin = (typeof SERVICE_ORIGINS)[number];

/**
 * Origins the collab-server assigns itself and nobody may claim: `recovered`
 * is content found in a stored document but missing from the log when the
 * document loaded. `resync` (content re-sent in a sync handshake) is no
 * longer assigned (decision 015: a step 2 is its sender's edit) but stays
 * valid for rows written before. `relayed` is an update another replica sent
 * through Redis, logged here too so that a replica dying unflushed leaves no
 * hole; the sending replica's attribution replaces it when that one writes
 * later (decision 017).
 *
 * `interviewer` is every edit of an interviewer pairing with the candidate
 * (decision 027): who wrote it matters more to the report than how, so the
 * server records it whatever the interviewer's client tagged, with the
 * member's id as the sender.
 */
export const SERVER_ORIGINS = ['resync', 'recovered', 'relayed', 'interviewer'] as const;

/** The origin the server records for an update from a connection with this role, given its tag. */
export function recordedOrigin(role: ParticipantRole, tag: EditOrigin | null): EditOrigin {
  if (role === 'interviewer') return 'interviewer';
  return tag ?? defaultOrigin(role);
}

export function isEditOrigin(value: unknown): value is EditOrigin {
  return typeof value === 'string' && (EDIT_ORIGINS as readonly string[]).includes(value);
}

/** The origins a connection with this role may claim. */
export function claimableOrigins(role: ParticipantRole): readonly EditOrigin[] {
  return role === 'service' ? SERVICE_ORIGINS : CLIENT_ORIGINS;
}

/** The origin recorded for an untagged update: typing for people, `api` for services. */
export function defaultOrigin(role: ParticipantRole): EditOrigin {
  return role === 'service' ? 'api' : 'typed';
}

/**
 * The stateless message a client sends just before the updates it tags:
 * `{ type: 'origin', origin }`; `origin: null` returns to the default. The
 * collab-server reads it in `beforeHandleMessage`, which Hocuspocus awaits for
 * each message of a connection in arrival order, so the tag applies exactly to
 * the updates that follow it on that connection.
 */
export interface OriginMessage {
  type: 'origin';
  origin: EditOrigin | null;
}

export function encodeOriginMessage(origin: EditOrigin | null): string {
  return JSON.stringify({ type: 'origin', origin } satisfies OriginMessage);
}

/**
 * Reads a stateless payload: `null` when it is not an origin message at all,
 * `{ valid: false }` when it is one with an unknown origin (a forgery or a
 * version mismatch), otherwise the message.
 */
export function decodeOriginMessage(
  payload: string,
): { valid: true; message: OriginMessage } | { valid: false } | null {
  const value = parseJsonObject(payload);
  if (!value) return null;
  const { type, origin } = value;
  if (type !== 'origin') return null;
  if (origin !== null && !isEditOrigin(origin)) return { valid: false };
  return { valid: true, message: { type: 'origin', origin } };
}
