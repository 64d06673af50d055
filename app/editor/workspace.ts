import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { parseAccessNotice } from '../../protocol/access-notice.ts';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { OriginTagger } from '../../protocol/origin-tagger.ts';
import { parseRoomMessage } from '../../protocol/room.ts';
import type {
  FileOpResult,
  WorkspaceController,
  WorkspaceMountOptions,
  WorkspaceSnapshot,
} from './api.ts';
import { ConnectionTracker } from './connection-state.ts';
import { FollowMode } from './follow-mode.ts';
import { LocalEdits } from './local-edits.ts';
import { NotesModel } from './notes-model.ts';
import { listParticipants } from './participants.ts';
import { colorFor, type PresenceState } from './presence-state.ts';
import { lockedMessage, SessionEditor } from './session-editor.ts';
import { SessionFiles } from './session-files.ts';
import { SnapshotStore } from './snapshot-store.ts';

const readOnlyResult = {
  ok: false,
  code: 'READ_ONLY',
  message: 'This workspace is read-only.',
} as const satisfies FileOpResult;

const lockedResult = (path: string) =>
  ({ ok: false, code: 'READ_ONLY', message: lockedMessage(path) }) as const satisfies FileOpResult;

/**
 * Opens the live workspace in `container`: the session document over one
 * WebSocket (plus the notes document for observers), IndexedDB for offline
 * edits, the Monaco editor, presence and follow mode. React drives it through
 * the returned controller and renders its snapshots.
 */
export function mountWorkspace(
  container: HTMLElement,
  options: WorkspaceMountOptions,
): WorkspaceController {
  let readOnly = options.readOnly;
  const doc = new Y.Doc();
  // An interview cannot wait 30 s (the default ceiling) to come back after a drop.
  const socket = new HocuspocusProviderWebsocket({ url: options.collab.url, maxDelay: 4000 });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: options.collab.documentName,
    document: doc,
    token: options.collab.token,
  });
  provider.attach();
  const awareness = provider.awareness!;
  const self: PresenceState = {
    user: { ...options.user, color: colorFor(options.user.id) },
    file: null,
    selections: [],
    cursor: null,
  };
  awareness.setLocalState(self);

  // Finished problems' folders (decision 027): the server refuses changes; so does the editor.
  const lockedFolders = doc.getMap<unknown>(SESSION_DOC.locked);
  const isLocked = (path: string) => {
    for (const folder of lockedFolders.keys()) {
      if (folder && (path === folder || path.startsWith(`${folder}/`))) return true;
    }
    return false;
  };
  const edits = new LocalEdits(doc, new OriginTagger(provider));
  const files = new SessionFiles(doc, edits);
  const persistence =
    options.offline && !readOnly
      ? new IndexeddbPersistence(`tandem:${options.collab.documentName}`, doc)
      : null;

  const store: SnapshotStore<WorkspaceSnapshot> = new SnapshotStore<WorkspaceSnapshot>(() => ({
    connection: connection.state(),
    files: files.listFiles(),
    folders: files.listFolders(),
    openPath: editor.currentPath,
    participants: listParticipants(awareness),
    notes: notes ? notes.model.list() : null,
    following: follow.following,
    readOnly,
  }));
  const connection: ConnectionTracker = new ConnectionTracker(provider, store.invalidate);

  const editor = new SessionEditor({
    container,
    files,
    edits,
    awareness,
    readOnly,
    isLocked,
    onOpenChange: (path) => {
      store.invalidate();
      if (path) options.onFileOpen?.(path);
    },
    onPaste: options.onPaste,
  });
  const follow = new FollowMode({
    awareness,
    editor,
    following: options.user.role !== 'candidate',
    onChange: store.invalidate,
  });

  // Open a file as soon as there is one (from IndexedDB or the server).
  let userOpened = false;
  const openFirstFile = () => {
    store.invalidate();
    if (follow.following) follow.catchUp();
    if (editor.currentPath !== null || userOpened) return;
    const paths = files.listFiles();
    const preferred = options.initialPath && paths.includes(options.initialPath);
    const first = preferred ? options.initialPath! : pickStartFile(paths);
    if (first) editor.open(first);
  };
  files.files.observe(openFirstFile);
  files.folders.observe(store.invalidate);
  const onLocksChanged = () => {
    editor.applyReadOnly();
    store.invalidate();
  };
  lockedFolders.observe(onLocksChanged);
  awareness.on('change', store.invalidate);

  // Observers: notes on the same WebSocket, without a second presence.
  const notes = options.collab.notesDocumentName
    ? openNotes(options, socket, options.collab.notesDocumentName, store.invalidate)
    : null;

  // The server decides: a read-only scope (session closed, observer) locks the editor.
  const onAuthenticated = ({ scope }: { scope: string }) => {
    if (scope === 'readonly' && !readOnly) controller.setReadOnly(true);
  };
  provider.on('authenticated', onAuthenticated);

  // The live room: only the server relays these (collab-server RoomRelay).
  // An access notice comes from the server itself, to this connection only:
  // it refuses this connection's edits from now on, so the editor stops
  // taking them at once (decision 027).
  const onStateless = ({ payload }: { payload: string }) => {
    const message = parseRoomMessage(payload);
    if (message) return options.onRoomMessage?.(message);
    const notice = parseAccessNotice(payload);
    if (!notice) return;
    const unsyncedChanges = provider.hasUnsyncedChanges;
    controller.setReadOnly(true);
    options.onAccessChange?.({ reason: notice.reason, unsyncedChanges });
  };
  provider.on('stateless', onStateless);

  const checkedOp = (op: () => FileOpResult, ...paths: string[]): FileOpResult => {
    if (readOnly) return readOnlyResult;
    const locked = paths.find(isLocked);
    if (locked !== undefined) return lockedResult(locked);
    const result = op();
    store.invalidate();
    return result;
  };

  const controller: WorkspaceController = {
    subscribe: store.subscribe,
    getSnapshot: store.getSnapshot,
    openFile(path) {
      userOpened = true;
      follow.userNavigated();
      editor.open(path);
    },
    createFile: (path) => {
      const result = checkedOp(() => files.createFile(path), path);
      if (result.ok) controller.openFile(result.path);
      return result;
    },
    createFolder: (path) => checkedOp(() => files.createFolder(path), path),
    rename: (from, to) => checkedOp(() => files.rename(from, to), from, to),
    remove: (path) => checkedOp(() => files.remove(path), path),
    readFile: (path) => files.text(path)?.toString() ?? null,
    insertFromAI: (text) => editor.insertAtCursor(text, 'ai-paste'),
    markClipboardFromAI: (text) => editor.origins.markFromAI(text),
    setReadOnly(next) {
      readOnly = next;
      editor.setReadOnly(next);
      store.invalidate();
    },
    setFollowing(following) {
      follow.setFollowing(following);
    },
    addNote: (text) => notes?.model.add(text),
    updateNote: (id, text) => notes?.model.update(id, text),
    removeNote: (id) => notes?.model.remove(id),
    focusEditor: () => editor.focus(),
    destroy() {
      provider.off('authenticated', onAuthenticated);
      provider.off('stateless', onStateless);
      files.files.unobserve(openFirstFile);
      files.folders.unobserve(store.invalidate);
      lockedFolders.unobserve(onLocksChanged);
      awareness.off('change', store.invalidate);
      follow.destroy();
      connection.destroy();
      editor.destroy();
      notes?.destroy();
      persistence?.destroy();
      provider.destroy();
      socket.destroy();
      doc.destroy();
      store.destroy();
    },
  };
  openFirstFile();
  return controller;
}

/** The file a session opens on: the solution before tests and docs. */
function pickStartFile(paths: string[]): string | null {
  const code = paths.filter(
    (p) => !/\.(md|txt|json)$/i.test(p) && !/(\.test\.|\.spec\.|test_)/.test(p),
  );
  return code[0] ?? paths[0] ?? null;
}

function openNotes(
  options: WorkspaceMountOptions,
  socket: HocuspocusProviderWebsocket,
  name: string,
  onChange: () => void,
): { model: NotesModel; destroy(): void } {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    awareness: null,
    token: options.collab.token,
  });
  provider.attach();
  const model = new NotesModel({
    doc,
    edits: new LocalEdits(doc, new OriginTagger(provider)),
    author: options.user,
    sessionTimeMs: () => Date.now() + options.clockOffsetMs - options.sessionStartedAt,
  });
  const stop = model.observe(onChange);
  return {
    model,
    destroy() {
      stop();
      provider.destroy();
      doc.destroy();
    },
  };
}
