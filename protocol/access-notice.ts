import { parseJsonObject } from './json-payload.ts';

/**
 * What the collab-server tells one connection whose write access it has just
 * taken away in place (decision 027): the team turned pair mode off while an
 * interviewer was editing. The server sends it to that connection only,
 * right after making it read-only; no client can send it to another (the
 * room relay forwards room messages only, and only from services).
 */
export const ACCESS_CHANGE_REASONS = ['PAIR_MODE_OFF'] as const;
export type AccessChangeReason = (typeof ACCESS_CHANGE_REASONS)[number];

export interface AccessNotice {
  type: 'access';
  readOnly: true;
  reason: AccessChangeReason;
}

/** Encodes an access notice as a stateless payload. */
export function encodeAccessNotice(reason: AccessChangeReason): string {
  return JSON.stringify({ type: 'access', readOnly: true, reason } satisfies AccessNotice);
}

/** Parses a stateless payload; null when it is not an access notice. */
export function parseAccessNotice(payload: string): AccessNotice | null {
  const value = parseJsonObject(payload);
  if (value?.type !== 'access' || value.readOnly !== true) return null;
  const reason = value.reason;
  if (typeof reason !== 'string' || !(ACCESS_CHANGE_REASONS as readonly string[]).includes(reason))
    return null;
  return { type: 'access', readOnly: true, reason: reason as AccessChangeReason };
}
