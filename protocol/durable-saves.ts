/**
 * Durable acknowledgements (decision 016). A client asks with a stateless
 * `{ type: 'save-check', id }` after the updates it wants confirmed; the
 * collab-server handles a connection's messages in order, so by then it has
 * applied them, and it answers `{ type: 'saved', id }` once every update it
 * had applied at that moment is committed to the history log. "Saved" on the
 * page means that answer, never the provider's own counter.
 */
/**
 * A client sends at most one `save-check` per this many milliseconds: the
 * answer to one check covers every change made before it, so while someone
 * types, a check per keystroke would only multiply messages and history
 * flushes (decision 020). After a pause the first change is checked at once.
 */
export const SAVE_CHECK_INTERVAL_MS = 500;

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
