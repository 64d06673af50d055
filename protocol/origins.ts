/**
 * Where an edit came from. The client tags each transaction at the source; the
 * collab-server checks that the tag is one the connection may claim and records
 * it beside the update in the history log.
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
] as const;
export type EditOrigin = (typeof EDIT_ORIGINS)[number];

/** Origins a browser client may claim; the rest belong to server-side writers. */
export const CLIENT_ORIGINS: readonly EditOrigin[] = ['typed', 'paste', 'ai-paste', 'file-op'];
/** Origins only the bridge, the files API or the initializer may claim. */
export const SERVICE_ORIGINS: readonly EditOrigin[] = [
  'terminal',
  'tool',
  'api',
  'seed',
  'file-op',
];

export function isEditOrigin(value: unknown): value is EditOrigin {
  return typeof value === 'string' && (EDIT_ORIGINS as readonly string[]).includes(value);
}

/**
 * The stateless message a client sends just before the transactions it tags:
 * `{ type: 'origin', origin }`. Hocuspocus delivers stateless messages and sync
 * updates in order on one connection, so the server applies the tag to every
 * following update from that connection until the next tag.
 */
export interface OriginMessage {
  type: 'origin';
  origin: EditOrigin;
}

export function encodeOriginMessage(origin: EditOrigin): string {
  return JSON.stringify({ type: 'origin', origin } satisfies OriginMessage);
}

export function decodeOriginMessage(payload: string): OriginMessage | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (
      typeof value === 'object' &&
      value !== null &&
      (value as { type?: unknown }).type === 'origin' &&
      isEditOrigin((value as { origin?: unknown }).origin)
    ) {
      return value as OriginMessage;
    }
  } catch {
    // not JSON: not an origin message
  }
  return null;
}
