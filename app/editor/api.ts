/**
 * The contract between the React pages and the editor bundle. React imports
 * these types only; every Y.Doc lives inside the bundle (one copy of yjs per
 * page), and React sees plain snapshots through `subscribe`/`getSnapshot`
 * (made for `useSyncExternalStore`).
 */

import type { AccessChangeReason } from '../../protocol/access-notice.ts';
import type { RoomMessage } from '../../protocol/room.ts';

export type WorkspaceRole = 'candidate' | 'interviewer' | 'viewer';

export interface WorkspaceMountOptions {
  collab: {
    url: string;
    /** The signed session token; called again on every reconnect when a function. */
    token: string | (() => Promise<string>);
    documentName: string;
    /** `notes/<sessionId>` for observers; null for candidates (they never receive it). */
    notesDocumentName: string | null;
  };
  user: { id: string; name: string; role: WorkspaceRole };
  /** Observers always; the candidate after submission. The editor refuses local edits. */
  readOnly: boolean;
  /** Keep the session document in IndexedDB so edits survive a dropped connection. */
  offline: boolean;
  /** When the session started (ms since epoch, server clock): notes carry time since then. */
  sessionStartedAt: number;
  /** Server clock minus client clock, in ms (from the loader's `serverNow`). */
  clockOffsetMs: number;
  /** File to open first; otherwise the first file of the tree. */
  initialPath?: string;
  /** Called for each paste or drop into the editor (the page records it as a session event). */
  onPaste?: (info: { path: string | null; length: number; fromAI: boolean }) => void;
  /** Called when the open file changes (recorded as a session event). */
  onFileOpen?: (path: string) => void;
  /** Called for each live-room message the server relays (clock changes, chat). */
  onRoomMessage?: (message: RoomMessage) => void;
  /**
   * Called when the server took this connection's write access away in place
   * (an access notice: pair mode turned off). The workspace is read-only by
   * then; `unsyncedChanges` says edits made just before were not taken.
   */
  onAccessChange?: (change: AccessChange) => void;
}

export interface AccessChange {
  reason: AccessChangeReason;
  /** Local edits the server had not taken when it said so (it refuses them now). */
  unsyncedChanges: boolean;
}

export type ConnectionKind = 'connecting' | 'connected' | 'offline' | 'refused';

export interface ConnectionState {
  kind: ConnectionKind;
  /** Local changes the server has not acknowledged yet. */
  unsyncedChanges: boolean;
  /** The document has been synchronized with the server at least once. */
  everSynced: boolean;
  /** Why the server refused the connection (kind === 'refused'). */
  reason: string | null;
}

export interface Participant {
  /** Yjs client id: one per browser tab. */
  clientId: number;
  userId: string;
  name: string;
  role: WorkspaceRole;
  color: string;
  openPath: string | null;
  /** 1-based line and column of the primary cursor, when known. */
  cursor: { line: number; column: number } | null;
  isSelf: boolean;
}

export interface NoteEntry {
  id: string;
  authorId: string;
  authorName: string;
  /** Milliseconds since the session started when the note was written. */
  sessionTimeMs: number;
  createdAt: string;
  text: string;
  mine: boolean;
}

export interface WorkspaceSnapshot {
  connection: ConnectionState;
  /** File paths, sorted. */
  files: readonly string[];
  /** Explicit (possibly empty) folders, sorted; folders implied by files are not listed. */
  folders: readonly string[];
  openPath: string | null;
  participants: readonly Participant[];
  /** Null when this page has no notes document (candidates). */
  notes: readonly NoteEntry[] | null;
  /** Observer: the editor follows the candidate's open file and cursor. */
  following: boolean;
  readOnly: boolean;
}

export type FileOpErrorCode =
  | 'BAD_PATH'
  | 'EXISTS'
  | 'NOT_FOUND'
  | 'PARENT_IS_FILE'
  | 'TOO_MANY_FILES'
  | 'READ_ONLY';

export type FileOpResult =
  | { ok: true; path: string }
  | { ok: false; code: FileOpErrorCode; message: string };

export interface WorkspaceController {
  subscribe(listener: () => void): () => void;
  getSnapshot(): WorkspaceSnapshot;

  openFile(path: string): void;
  /** Creates an empty file (its parent folders are implied). One transaction, origin `file-op`. */
  createFile(path: string): FileOpResult;
  createFolder(path: string): FileOpResult;
  /** Renames a file or a folder (with everything under it). */
  rename(from: string, to: string): FileOpResult;
  /** Deletes a file or a folder (with everything under it). */
  remove(path: string): FileOpResult;
  /** The current text of a file, or null. */
  readFile(path: string): string | null;

  /**
   * Inserts text that came from the AI chat at the cursor of the open file
   * (replacing the selection), tagged `ai-paste`. False when nothing is open
   * or the workspace is read-only.
   */
  insertFromAI(text: string): boolean;
  /**
   * Marks text the chat put on the clipboard: a later paste of the same text
   * into the editor is tagged `ai-paste` instead of `paste`. (Text copied by
   * the user from any element inside `[data-ai-content]` is marked too.)
   */
  markClipboardFromAI(text: string): void;

  /** Candidate after submission: lock the editor and the file operations. */
  setReadOnly(readOnly: boolean): void;
  /** Observer: follow the candidate's open file and cursor. */
  setFollowing(following: boolean): void;

  /** Observer notes (no-ops without a notes document). */
  addNote(text: string): void;
  updateNote(id: string, text: string): void;
  removeNote(id: string): void;

  focusEditor(): void;
  destroy(): void;
}

/** What the bundle's module exports. */
export interface EditorBundleModule {
  mountWorkspace(container: HTMLElement, options: WorkspaceMountOptions): WorkspaceController;
  /** Highlighted HTML of a code block (chat answers, the problem statement). */
  colorizeCode(code: string, language: string): Promise<string>;
  bundleVersion: string;
}
