import * as monaco from 'monaco-editor/editor/editor.api.js';
import * as Y from 'yjs';
import { isLocalOrigin, type LocalEditOrigin, type LocalEdits } from './local-edits.ts';

interface RelativeSelection {
  anchor: Y.RelativePosition;
  head: Y.RelativePosition;
}

/**
 * Keeps one Monaco model and one Y.Text equal, in both directions.
 *
 * Written instead of y-monaco because of what y-monaco cannot do: it tags
 * every local change with the binding itself (we need typed / paste / ai-paste
 * per change), shares only the primary selection, leaves undo to Monaco's own
 * stack (which remote edits corrupt), never disposes its selection listener
 * and never removes its decorations. Here undo and redo go through a
 * Y.UndoManager that tracks only this client's origins, so they never revert
 * someone else's text; remote cursors are drawn by RemoteCursors.
 */
export class TextBinding {
  readonly path: string;
  readonly ytext: Y.Text;
  readonly model: monaco.editor.ITextModel;
  readonly undoManager: Y.UndoManager;
  private readonly edits: LocalEdits;
  private readonly originOfNextChange: () => LocalEditOrigin;
  private readonly canWrite: () => boolean;
  private readonly editorShowingModel: () => monaco.editor.ICodeEditor | null;
  private applyingRemote = false;
  private writingLocal = false;
  /** Selections of the editor before the running transaction, as positions that survive edits. */
  private savedSelections: RelativeSelection[] | null = null;
  private readonly disposables: monaco.IDisposable[] = [];

  constructor(options: {
    path: string;
    ytext: Y.Text;
    model: monaco.editor.ITextModel;
    edits: LocalEdits;
    originOfNextChange: () => LocalEditOrigin;
    canWrite: () => boolean;
    editorShowingModel: () => monaco.editor.ICodeEditor | null;
  }) {
    this.path = options.path;
    this.ytext = options.ytext;
    this.model = options.model;
    this.edits = options.edits;
    this.originOfNextChange = options.originOfNextChange;
    this.canWrite = options.canWrite;
    this.editorShowingModel = options.editorShowingModel;

    // Monaco keeps the text's own line endings (LF or CR LF), so offsets match the Y.Text's.
    if (this.model.getValue() !== this.ytext.toString()) this.model.setValue(this.ytext.toString());

    this.undoManager = new Y.UndoManager(this.ytext, {
      trackedOrigins: this.edits.trackedOrigins(),
      captureTimeout: 500,
    });
    // Undo puts the cursor back where it was before the undone change.
    this.undoManager.on('stack-item-added', this.rememberSelection);
    this.undoManager.on('stack-item-popped', this.restoreSelection);

    this.ytext.observe(this.onYText);
    this.disposables.push(this.model.onDidChangeContent(this.onModelChange));
  }

  /** Called before every transaction on the document (see SessionEditor). */
  saveSelections(): void {
    const editor = this.editorShowingModel();
    if (!editor) {
      this.savedSelections = null;
      return;
    }
    this.savedSelections = (editor.getSelections() ?? []).map((selection) => ({
      anchor: this.relativeAt(selection.getSelectionStart()),
      head: this.relativeAt(selection.getPosition()),
    }));
  }

  undo(): void {
    this.edits.run('typed', () => this.undoManager.undo());
  }

  redo(): void {
    this.edits.run('typed', () => this.undoManager.redo());
  }

  destroy(): void {
    this.ytext.unobserve(this.onYText);
    this.undoManager.off('stack-item-added', this.rememberSelection);
    this.undoManager.off('stack-item-popped', this.restoreSelection);
    this.undoManager.destroy();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private relativeAt(position: monaco.IPosition): Y.RelativePosition {
    return Y.createRelativePositionFromTypeIndex(this.ytext, this.model.getOffsetAt(position));
  }

  private onModelChange = (event: monaco.editor.IModelContentChangedEvent): void => {
    if (this.applyingRemote) return;
    // The editor is read-only then; a change can only come from our own code.
    if (!this.canWrite()) return;
    // Mixed line endings are normalized by Monaco, so its offsets no longer match
    // the Y.Text: writing would corrupt the file. Show the shared text instead.
    const inserted = event.changes.reduce((sum, c) => sum + c.text.length - c.rangeLength, 0);
    if (this.model.getValueLength() - inserted !== this.ytext.length) {
      this.resync();
      return;
    }
    this.writingLocal = true;
    try {
      this.edits.write(this.originOfNextChange(), () => {
        // Offsets refer to the text before the event: apply right to left.
        const changes = [...event.changes].sort((a, b) => b.rangeOffset - a.rangeOffset);
        for (const change of changes) {
          if (change.rangeLength > 0) this.ytext.delete(change.rangeOffset, change.rangeLength);
          if (change.text) this.ytext.insert(change.rangeOffset, change.text);
        }
      });
    } finally {
      this.writingLocal = false;
    }
  };

  private onYText = (event: Y.YTextEvent, transaction: Y.Transaction): void => {
    if (this.writingLocal && isLocalOrigin(transaction.origin)) return;
    // One applyEdits call: every range is in the coordinates of the text before it.
    const operations: monaco.editor.IIdentifiedSingleEditOperation[] = [];
    let offset = 0;
    for (const op of event.delta) {
      if (op.retain !== undefined) {
        offset += op.retain;
      } else if (typeof op.insert === 'string') {
        const at = this.model.getPositionAt(offset);
        operations.push({ range: monaco.Range.fromPositions(at), text: op.insert });
      } else if (op.delete !== undefined) {
        const start = this.model.getPositionAt(offset);
        const end = this.model.getPositionAt(offset + op.delete);
        operations.push({ range: monaco.Range.fromPositions(start, end), text: null });
        offset += op.delete;
      }
    }
    this.applyingRemote = true;
    try {
      this.model.applyEdits(operations);
    } finally {
      this.applyingRemote = false;
    }
    // Text that Monaco normalizes (mixed line endings) would shift every later offset.
    if (this.model.getValueLength() !== this.ytext.length) this.resync();
    this.restoreSavedSelections();
  };

  private resync(): void {
    this.applyingRemote = true;
    try {
      this.model.setValue(this.ytext.toString());
    } finally {
      this.applyingRemote = false;
    }
  }

  private restoreSavedSelections(): void {
    const editor = this.editorShowingModel();
    const saved = this.savedSelections;
    if (!editor || !saved || saved.length === 0) return;
    const selections = saved
      .map((relative) => this.toSelection(relative))
      .filter((selection): selection is monaco.Selection => selection !== null);
    if (selections.length > 0) editor.setSelections(selections);
  }

  private toSelection(relative: RelativeSelection): monaco.Selection | null {
    const doc = this.ytext.doc;
    if (!doc) return null;
    const anchor = Y.createAbsolutePositionFromRelativePosition(relative.anchor, doc);
    const head = Y.createAbsolutePositionFromRelativePosition(relative.head, doc);
    if (!anchor || !head || anchor.type !== this.ytext || head.type !== this.ytext) return null;
    const a = this.model.getPositionAt(anchor.index);
    const h = this.model.getPositionAt(head.index);
    return new monaco.Selection(a.lineNumber, a.column, h.lineNumber, h.column);
  }

  private rememberSelection = (event: { stackItem: { meta: Map<string, unknown> } }): void => {
    if (this.savedSelections) event.stackItem.meta.set('selections', this.savedSelections);
  };

  private restoreSelection = (event: { stackItem: { meta: Map<string, unknown> } }): void => {
    const saved = event.stackItem.meta.get('selections') as RelativeSelection[] | undefined;
    const editor = this.editorShowingModel();
    if (!saved || !editor) return;
    const selections = saved
      .map((relative) => this.toSelection(relative))
      .filter((selection): selection is monaco.Selection => selection !== null);
    if (selections.length > 0) editor.setSelections(selections);
  };
}
