/**
 * Durable acknowledgements (decision 016). A client asks with a stateless
 * `{ type: 'save-check', id }` after the updates it wants confirmed; the
 * collab-server handles a connection's messages in order, so by then it has
 * applied them, and it answers `{ type: 'saved', id }` once every update it
 * had applied at that moment is committed to the history log. "Saved" on the
 * page means that answer, never the provider's own counter.
 */
/**
 * When a client checks (decision 020): once its document has been quiet for
 * SAVE_CHECK_QUIET_MS after a change, or SAVE_CHECK_MAX_WAIT_MS after the
 * first change not yet checked while typing goes on, whichever comes first;
 * at once after a (re)connection's sync. The answer to one check covers every
 * change made before it, so while someone types a check per keystroke (or
 * per half second) only multiplies the messages the server handles: "Saved"
 * is what a person reads when they stop, and it shows about the quiet time
 * plus one history flush after the last keystroke.
 */
export const SAVE_CHECK_QUIET_MS = 250;
export const SAVE_CHECK_MAX_WAIT_MS = 2_000;

export type SaveMessage = { type: 'save-check'; id: number } | { type: 'saved'; id: number };

export function encodeSaveMessage(message: SaveMessage): string {
  return JSON.stringify(message);
}

/** The save message in a stateless payload, or null when it is something else. */
export function decodeSaveMessage(payload: string): SaveMessage | null {
  if (!payload.startsWith('{"type":"save')) return null;
  try {
    const value = JSON.parse(payload) as { type?: unknown; id?: unknown };
    if (value.type !== 'save-check' && value.type !== 'saved') return null;
    if (typeof value.id !== 'number' || !Number.isSafeInteger(value.id) || value.id < 0) {
      return null;
    }
    return { type: value.type, id: value.id };
  } catch {
    return null;
  }
}
