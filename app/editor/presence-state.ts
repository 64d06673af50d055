import type { WorkspaceRole } from './api.ts';

/** What each client publishes in awareness (the shape every Tandem client reads). */
export interface PresenceState {
  user: { id: string; name: string; role: WorkspaceRole; color: string };
  /** Path of the open file. */
  file: string | null;
  /** Every selection of the open file, as JSON-encoded Y.RelativePositions. */
  selections: Array<{ anchor: unknown; head: unknown }>;
  /** Primary cursor, 1-based, for presence lists. */
  cursor: { line: number; column: number } | null;
}

/** Eight colours readable on the dark editor; CSS classes `tandem-remote-c0…c7` match them. */
export const PRESENCE_COLORS = [
  '#f78c6c',
  '#82aaff',
  '#c3e88d',
  '#ffcb6b',
  '#c792ea',
  '#89ddff',
  '#ff5370',
  '#a6accd',
] as const;

/** A stable colour for a user, so a person keeps it across reloads. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) | 0;
  return PRESENCE_COLORS[Math.abs(hash) % PRESENCE_COLORS.length]!;
}

/** Index of a colour in the palette (decorations are drawn with its CSS class). */
export function colorIndex(color: string): number {
  return Math.max(0, (PRESENCE_COLORS as readonly string[]).indexOf(color));
}

const ROLES: readonly WorkspaceRole[] = ['candidate', 'interviewer', 'viewer'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Reads another client's awareness state; anything malformed is null (never trusted). */
export function readPresence(state: unknown): PresenceState | null {
  if (!isRecord(state) || !isRecord(state.user)) return null;
  const { id, name, role, color } = state.user;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof color !== 'string') return null;
  if (!ROLES.includes(role as WorkspaceRole)) return null;
  const file = typeof state.file === 'string' ? state.file : null;
  const selections = Array.isArray(state.selections)
    ? state.selections
        .filter(
          (s): s is { anchor: unknown; head: unknown } =>
            isRecord(s) && 'anchor' in s && 'head' in s,
        )
        .slice(0, 32)
    : [];
  const cursor =
    isRecord(state.cursor) &&
    typeof state.cursor.line === 'number' &&
    typeof state.cursor.column === 'number'
      ? { line: state.cursor.line, column: state.cursor.column }
      : null;
  return {
    user: { id, name: name.slice(0, 80), role: role as WorkspaceRole, color },
    file,
    selections,
    cursor,
  };
}
