import * as monaco from 'monaco-editor/editor/editor.api.js';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { isInPreviousFolder } from '../../protocol/language-versions.ts';
import { languageForPath } from '../../protocol/problems.ts';
import { ChangeOrigins } from './change-origins.ts';
import type { LocalEdits } from './local-edits.ts';
import { RemoteCursors } from './remote-cursors.ts';
import type { SessionFiles } from './session-files.ts';
import { TextBinding } from './text-binding.ts';
import { EDITOR_THEME } from './theme.ts';

const modelUri = (path: string) => monaco.Uri.from({ scheme: 'file', path: `/${path}` });

/**
 * One Monaco editor over the files of a session. Every file has a model bound
 * to its Y.Text for as long as it exists (so the TypeScript service sees them
 * all and switching files is instant); the editor shows one at a time.
 */
export class SessionEditor {
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  readonly origins: ChangeOrigins;
  private readonly files: SessionFiles;
  private readonly edits: LocalEdits;
  private readonly awareness: Awareness;
  private readonly bindings = new Map<string, TextBinding>();
  private readonly viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  private readonly cursors: RemoteCursors;
  private readonly onOpenChange: (path: string | null) => void;
  private readOnly: boolean;
  /** A finished problem's files (decision 027): shown, never edited. */
  private readonly isLocked: (path: string) => boolean;
  private openPath: string | null = null;
  private readonly disposables: monaco.IDisposable[] = [];

  constructor(options: {
    container: HTMLElement;
    files: SessionFiles;
    edits: LocalEdits;
    awareness: Awareness;
    readOnly: boolean;
    isLocked?: (path: string) => boolean;
    onOpenChange: (path: string | null) => void;
    onPaste?: (info: { path: string | null; length: number; fromAI: boolean }) => void;
  }) {
    this.files = options.files;
    this.edits = options.edits;
    this.awareness = options.awareness;
    this.readOnly = options.readOnly;
    this.isLocked = options.isLocked ?? (() => false);
    this.onOpenChange = options.onOpenChange;
    this.editor = monaco.editor.create(options.container, {
      model: null,
      theme: EDITOR_THEME,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      scrollBeyondLastLine: false,
      tabSize: 2,
      readOnly: this.readOnly,
      domReadOnly: this.readOnly,
      readOnlyMessage: { value: 'This workspace is read-only.' },
      ariaLabel: 'Code editor',
    });
    this.origins = new ChangeOrigins(options.container, this.editor, (info) =>
      options.onPaste?.({ ...info, path: this.openPath }),
    );
    this.cursors = new RemoteCursors(this.editor, this.awareness, () => this.activeBinding());

    // Undo and redo go to the file's Y.UndoManager, never to Monaco's stack.
    const { KeyMod, KeyCode } = monaco;
    this.editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyZ, () => this.activeBinding()?.undo());
    this.editor.addCommand(KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyZ, () =>
      this.activeBinding()?.redo(),
    );
    this.editor.addCommand(KeyMod.CtrlCmd | KeyCode.KeyY, () => this.activeBinding()?.redo());

    this.disposables.push(
      this.editor.onDidChangeCursorSelection(() => this.publishSelection()),
      this.editor.onDidFocusEditorText(() => this.publishSelection()),
    );
    this.edits.doc.on('beforeAllTransactions', this.beforeTransactions);
    this.files.files.observe(this.onFilesChanged);
    for (const path of this.files.listFiles()) this.bind(path);
  }

  get currentPath(): string | null {
    return this.openPath;
  }

  open(path: string | null): void {
    if (path !== null && !this.bindings.has(path)) path = null;
    if (path === this.openPath) return;
    if (this.openPath !== null) this.viewStates.set(this.openPath, this.editor.saveViewState());
    this.openPath = path;
    const binding = path === null ? null : this.bindings.get(path)!;
    this.editor.setModel(binding?.model ?? null);
    if (path !== null) {
      const state = this.viewStates.get(path);
      if (state) this.editor.restoreViewState(state);
    }
    this.publishSelection();
    this.cursors.render();
    this.applyReadOnly();
    this.onOpenChange(path);
  }

  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
    this.applyReadOnly();
  }

  /** Read-only when the workspace is, or the open file is in a locked (finished) folder. */
  applyReadOnly(): void {
    const locked = this.openPath !== null && this.isLocked(this.openPath);
    const readOnly = this.readOnly || locked;
    this.editor.updateOptions({
      readOnly,
      domReadOnly: readOnly,
      readOnlyMessage: {
        value: locked ? lockedMessage(this.openPath!) : 'This workspace is read-only.',
      },
    });
  }

  /** Inserts text at the cursor (replacing the selection) with an explicit origin. */
  insertAtCursor(text: string, origin: 'ai-paste'): boolean {
    if (this.readOnly || !this.activeBinding()) return false;
    if (this.openPath !== null && this.isLocked(this.openPath)) return false;
    const selection = this.editor.getSelection();
    if (!selection) return false;
    this.origins.during(origin, () =>
      this.editor.executeEdits(origin, [{ range: selection, text, forceMoveMarkers: true }]),
    );
    this.editor.pushUndoStop();
    this.editor.focus();
    return true;
  }

  /** Scrolls to another participant's cursor (follow mode). */
  reveal(position: { line: number; column: number }): void {
    this.editor.revealPositionInCenterIfOutsideViewport(
      { lineNumber: position.line, column: position.column },
      monaco.editor.ScrollType.Smooth,
    );
  }

  focus(): void {
    this.editor.focus();
  }

  destroy(): void {
    this.files.files.unobserve(this.onFilesChanged);
    this.edits.doc.off('beforeAllTransactions', this.beforeTransactions);
    this.cursors.destroy();
    this.origins.destroy();
    for (const disposable of this.disposables) disposable.dispose();
    for (const path of [...this.bindings.keys()]) this.unbind(path);
    this.editor.dispose();
  }

  private activeBinding(): TextBinding | null {
    return this.openPath === null ? null : (this.bindings.get(this.openPath) ?? null);
  }

  private bind(path: string): void {
    const ytext = this.files.text(path);
    if (!ytext) return;
    monaco.editor.getModel(modelUri(path))?.dispose();
    const model = monaco.editor.createModel(
      ytext.toString(),
      languageForPath(path),
      modelUri(path),
    );
    const binding = new TextBinding({
      path,
      ytext,
      model,
      edits: this.edits,
      originOfNextChange: () => this.origins.current(),
      canWrite: () => !this.readOnly && !this.isLocked(path),
      editorShowingModel: () => (this.editor.getModel() === model ? this.editor : null),
    });
    this.bindings.set(path, binding);
  }

  private unbind(path: string): void {
    const binding = this.bindings.get(path);
    if (!binding) return;
    binding.destroy();
    binding.model.dispose();
    this.bindings.delete(path);
    this.viewStates.delete(path);
  }

  private onFilesChanged = (event: Y.YMapEvent<Y.Text>): void => {
    const removed: string[] = [];
    const added: string[] = [];
    for (const [path, change] of event.changes.keys) {
      if (change.action !== 'add') removed.push(path);
      if (change.action !== 'delete') added.push(path);
    }
    const wasOpen = this.openPath;
    const openRemoved = wasOpen !== null && removed.includes(wasOpen) && !added.includes(wasOpen);
    if (openRemoved) this.open(null);
    for (const path of removed) this.unbind(path);
    for (const path of added) this.bind(path);
    if (wasOpen !== null && added.includes(wasOpen) && removed.includes(wasOpen)) {
      // The same path got a new Y.Text: show the new model.
      this.openPath = null;
      this.open(wasOpen);
    } else if (openRemoved) {
      // A rename is a delete and an add in one transaction: follow the file.
      const renamedTo = added.length === 1 ? added[0]! : null;
      this.open(renamedTo ?? this.files.listFiles()[0] ?? null);
    }
  };

  private beforeTransactions = (): void => {
    this.activeBinding()?.saveSelections();
  };

  private publishSelection(): void {
    const binding = this.activeBinding();
    const selections = binding ? (this.editor.getSelections() ?? []) : [];
    const position = binding ? this.editor.getPosition() : null;
    const toJSON = (offset: number) =>
      Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(binding!.ytext, offset));
    // One awareness update, not three.
    this.awareness.setLocalState({
      ...this.awareness.getLocalState(),
      file: this.openPath,
      selections: selections.map((selection) => ({
        anchor: toJSON(binding!.model.getOffsetAt(selection.getSelectionStart())),
        head: toJSON(binding!.model.getOffsetAt(selection.getPosition())),
      })),
      cursor: position ? { line: position.lineNumber, column: position.column } : null,
    });
  }
}

/** Why a locked file cannot change (decisions 023 and 027). */
export function lockedMessage(path: string): string {
  return isInPreviousFolder(path)
    ? 'previous/ keeps your work in another language as it was: switch back to that language to continue it.'
    : 'This problem is done: its files can no longer be changed.';
}
