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
 *   visible and hidden tests against a copy of the workspace. Results of
 *   hidden tests carry `hidden: true`; this stream is for the app and
 *   reviewers, never for the candidate's browser.
 * - `POST /sessions/:sessionId/archive` → `ArchiveResponse`: archives the
 *   workspace (S3 or folder) and destroys the live sandbox. Idempotent: a
 *   second call answers with the stored archive.
 * Errors are JSON `BridgeErrorBody` with an HTTP status; a stream that has
 * started reports failure as its `error` event instead.
 *
 * Browser → bridge (WebSocket): `/terminal/:sessionId?token=<session token>`.
 * Candidates read and write their own session's terminal; interviewers and
 * viewers of the session's organization get a read-only mirror. Frames are
 * JSON `TerminalClientMessage` / `TerminalServerMessage`; a refused
 * connection is closed with one of `TERMINAL_CLOSE`.
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
  /** Recent output replayed on (re)connect, before any live output. */
  | { type: 'scrollback'; data: string }
  /** The shell ended; the candidate's next keystroke starts a new one. */
  | { type: 'exit'; code: number | null }
  | { type: 'error'; code: string; message: string }
  /** First frame of every accepted connection. */
  | { type: 'ready'; readOnly: boolean };

/** Why the bridge closes a terminal connection (WebSocket private range). */
export const TERMINAL_CLOSE = {
  unauthorized: { code: 4401, reason: 'The session token is missing, invalid or expired.' },
  forbidden: { code: 4403, reason: 'This token does not open this session’s terminal.' },
  notFound: { code: 4404, reason: 'No such interview session.' },
  disabled: { code: 4409, reason: 'The terminal is disabled for this assessment.' },
  unavailable: { code: 4503, reason: 'The sandbox is unavailable; try again shortly.' },
} as const;

/** Largest terminal frame the bridge accepts from a browser, in bytes. */
export const TERMINAL_MAX_FRAME_BYTES = 64 * 1024;

/** Bridge errors as JSON bodies: `{ error: { code, message } }`. */
export interface BridgeErrorBody {
  /** `ownerUrl` comes with SESSION_OWNED_ELSEWHERE: call the session's owner there (decision 024). */
  error: { code: string; message: string; ownerUrl?: string };
}

/** Paths of the bridge's API, shared by the bridge's router and its clients. */
/**
 * The session id a service token names to call `POST /problems/try` (the
 * question bank's "try it": a problem's tests against its code, outside any
 * interview session; the body is the problem, the answer the test stream).
 */
export const PROBLEM_TRY_SESSION = 'problem-try';

function problemQuery(problem: number | undefined): string {
  return problem === undefined || problem === 0 ? '' : `?problem=${problem}`;
}

export const bridgePaths = {
  tryProblem: '/problems/try',
  start: (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}/start`,
  // `problem`: which of the session's problems (its position; decision 021). Absent: the first.
  tests: (sessionId: string, problem?: number) =>
    `/sessions/${encodeURIComponent(sessionId)}/tests${problemQuery(problem)}`,
  grade: (sessionId: string, problem?: number) =>
    `/sessions/${encodeURIComponent(sessionId)}/grade${problemQuery(problem)}`,
  archive: (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}/archive`,
  terminal: (sessionId: string, token: string) =>
    `/terminal/${encodeURIComponent(sessionId)}?token=${encodeURIComponent(token)}`,
};
