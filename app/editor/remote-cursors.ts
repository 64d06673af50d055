import * as monaco from 'monaco-editor/editor/editor.api.js';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { colorIndex, readPresence } from './presence-state.ts';
import type { TextBinding } from './text-binding.ts';

interface Label {
  widget: monaco.editor.IContentWidget;
  node: HTMLDivElement;
  position: monaco.IPosition;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

/** A name label fades this long after its caret stopped moving, so it never hides code for long. */
const LABEL_IDLE_MS = 2500;

/**
 * Draws the candidate's selections, carets and name labels (from every other
 * candidate tab) in one editor for the file it shows; observers only appear in
 * the presence list. Decorations live in one collection that Monaco clears
 * on model switch; labels are content widgets removed when their client leaves
 * the file, and everything is removed on destroy.
 */
export class RemoteCursors {
  private readonly editor: monaco.editor.ICodeEditor;
  private readonly awareness: Awareness;
  private readonly activeBinding: () => TextBinding | null;
  private readonly decorations: monaco.editor.IEditorDecorationsCollection;
  private readonly labels = new Map<number, Label>();
  private frame: number | null = null;
  private readonly disposables: monaco.IDisposable[] = [];

  constructor(
    editor: monaco.editor.ICodeEditor,
    awareness: Awareness,
    activeBinding: () => TextBinding | null,
  ) {
    this.editor = editor;
    this.awareness = awareness;
    this.activeBinding = activeBinding;
    this.decorations = editor.createDecorationsCollection();
    awareness.on('change', this.schedule);
    this.disposables.push(
      editor.onDidChangeModel(() => this.render()),
      editor.onDidChangeModelContent(this.schedule),
    );
  }

  /** Redraw on the next frame (many awareness and text changes arrive together). */
  schedule = (): void => {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.render();
    });
  };

  render(): void {
    const binding = this.activeBinding();
    const doc = binding?.ytext.doc;
    const decorations: monaco.editor.IModelDeltaDecoration[] = [];
    const seen = new Set<number>();
    if (binding && doc) {
      for (const [clientId, state] of this.awareness.getStates()) {
        if (clientId === this.awareness.clientID) continue;
        const presence = readPresence(state);
        // Only writers' cursors: an observer's idle caret would sit on the candidate's code.
        if (presence?.user.role !== 'candidate' || presence.file !== binding.path) continue;
        const color = `tandem-remote-c${colorIndex(presence.user.color)}`;
        let primaryHead: monaco.IPosition | null = null;
        for (const selection of presence.selections) {
          const anchor = this.absolute(selection.anchor, binding, doc);
          const head = this.absolute(selection.head, binding, doc);
          if (anchor === null || head === null) continue;
          const model = binding.model;
          const start = model.getPositionAt(Math.min(anchor, head));
          const end = model.getPositionAt(Math.max(anchor, head));
          const headPosition = model.getPositionAt(head);
          primaryHead ??= headPosition;
          if (anchor !== head) {
            decorations.push({
              range: monaco.Range.fromPositions(start, end),
              options: { className: `tandem-remote-selection ${color}` },
            });
          }
          decorations.push({
            range: monaco.Range.fromPositions(headPosition),
            options: {
              beforeContentClassName: `tandem-remote-caret ${color}`,
              stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
            },
          });
        }
        if (primaryHead) {
          seen.add(clientId);
          this.placeLabel(clientId, presence.user.name, presence.user.color, primaryHead);
        }
      }
    }
    this.decorations.set(decorations);
    for (const clientId of [...this.labels.keys()]) {
      if (!seen.has(clientId)) this.removeLabel(clientId);
    }
  }

  destroy(): void {
    this.awareness.off('change', this.schedule);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    for (const disposable of this.disposables) disposable.dispose();
    for (const clientId of [...this.labels.keys()]) this.removeLabel(clientId);
    this.decorations.clear();
  }

  private absolute(json: unknown, binding: TextBinding, doc: Y.Doc): number | null {
    try {
      const relative = Y.createRelativePositionFromJSON(json);
      const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
      return absolute && absolute.type === binding.ytext ? absolute.index : null;
    } catch {
      return null; // a malformed position from another client
    }
  }

  private placeLabel(clientId: number, name: string, color: string, position: monaco.IPosition) {
    let label = this.labels.get(clientId);
    if (!label) {
      const node = document.createElement('div');
      node.className = 'tandem-remote-label';
      node.setAttribute('aria-hidden', 'true');
      const id = `tandem.remote-label.${clientId}`;
      const created: Label = {
        node,
        position,
        idleTimer: null,
        widget: {
          getId: () => id,
          getDomNode: () => node,
          getPosition: () => ({
            position: created.position,
            preference: [
              monaco.editor.ContentWidgetPositionPreference.ABOVE,
              monaco.editor.ContentWidgetPositionPreference.BELOW,
            ],
          }),
        },
      };
      label = created;
      this.labels.set(clientId, label);
      this.editor.addContentWidget(label.widget);
    }
    // textContent, never HTML: names come from other people.
    if (label.node.textContent !== name) label.node.textContent = name;
    label.node.style.backgroundColor = color;
    const moved =
      label.idleTimer === null ||
      label.position.lineNumber !== position.lineNumber ||
      label.position.column !== position.column;
    label.position = position;
    this.editor.layoutContentWidget(label.widget);
    if (moved) {
      label.node.classList.remove('is-idle');
      if (label.idleTimer !== null) clearTimeout(label.idleTimer);
      const current = label;
      current.idleTimer = setTimeout(() => current.node.classList.add('is-idle'), LABEL_IDLE_MS);
    }
  }

  private removeLabel(clientId: number): void {
    const label = this.labels.get(clientId);
    if (!label) return;
    if (label.idleTimer !== null) clearTimeout(label.idleTimer);
    this.editor.removeContentWidget(label.widget);
    this.labels.delete(clientId);
  }
}
