/**
 * The sandbox bridge's HTTP and WebSocket API, as the app and the browser use it.
 *
 * App → bridge (HTTP), with `Authorization: Bearer <session token>` whose role
 * is `service` and whose sessionId is the path's:
 * - `POST /sessions/:sessionId/start` → `StartSandboxResponse`: creates (or
 *   finds) the sandbox and starts mirroring the session document into it.
 * - `POST /sessions/:sessionId/tests` → `text/event-stream` of TestStreamEvent
 *   (protocol/tests-stream.ts): runs the visible tests in the workspace.
 * - `POST /sessions/:sessionId/grade` → `text/event-stream`: final grading,
 *   visible and hidden tests against a copy of the workspace.
 * - `POST /sessions/:sessionId/archive` → `ArchiveResponse`: archives the
 *   workspace (S3 or folder) and destroys the live sandbox.
 *
 * Browser → bridge (WebSocket): `/terminal/:sessionId?token=<session token>`.
 * Candidates read and write; interviewers and viewers get a read-only mirror.
 * Frames are JSON `TerminalClientMessage` / `TerminalServerMessage`.
 */

export interface StartSandboxResponse {
  sandboxId: string;
  driver: 'local' | 'modal';
  status: 'ready';
  /** Whether processes run isolated (bubblewrap or Modal). */
  isolated: boolean;
}

export interface ArchiveResponse {
  key: string;
  bytes: number;
  location: 's3' | 'folder';
}

export type TerminalClientMessage =
  | { type: 'input'; data: string }
  | { type: 'resize'; cols: number; rows: number };

export type TerminalServerMessage =
  | { type: 'output'; data: string }
  /** Recent output replayed on (re)connect. */
  | { type: 'scrollback'; data: string }
  | { type: 'exit'; code: number | null }
  | { type: 'error'; code: string; message: string }
  | { type: 'ready'; readOnly: boolean };

/** Bridge errors as JSON bodies: `{ error: { code, message } }`. */
export interface BridgeErrorBody {
  error: { code: string; message: string };
}
