import type * as monaco from 'monaco-editor/editor/editor.api.js';
import type { LocalEditOrigin } from './local-edits.ts';

/** How long a paste may take between the DOM event and Monaco's edit (paste providers run async). */
const PASTE_WINDOW_MS = 1000;
/** How many pieces of AI text are remembered for recognizing a later paste. */
const REMEMBERED_AI_TEXTS = 20;

const normalize = (text: string) => text.replace(/\r\n?/g, '\n').trim();

/** What the page records about a paste or drop into the editor (a session event). */
export interface PasteInfo {
  length: number;
  fromAI: boolean;
}

/**
 * Decides the origin of the editor's next content change: `typed` unless a
 * paste (or a drop) is under way, in which case `paste`, or `ai-paste` when
 * the pasted text is text the AI chat produced.
 */
export class ChangeOrigins {
  private pending: { origin: LocalEditOrigin; until: number } | null = null;
  private readonly aiTexts: string[] = [];
  private readonly container: HTMLElement;
  private readonly disposables: monaco.IDisposable[] = [];
  private readonly onPasted: ((info: PasteInfo) => void) | undefined;

  constructor(
    container: HTMLElement,
    editor: monaco.editor.ICodeEditor,
    onPasted?: (info: PasteInfo) => void,
  ) {
    this.container = container;
    this.onPasted = onPasted;
    // Capture phase: we must know before Monaco applies the pasted text.
    container.addEventListener('paste', this.onPaste, true);
    container.addEventListener('drop', this.onDrop, true);
    document.addEventListener('copy', this.onCopy, true);
    this.disposables.push(editor.onDidPaste(() => this.clearSoon()));
  }

  /** The origin for a content change happening now. */
  current(): LocalEditOrigin {
    if (this.pending && Date.now() <= this.pending.until) return this.pending.origin;
    this.pending = null;
    return 'typed';
  }

  /** Runs a programmatic edit with an explicit origin. */
  during<T>(origin: LocalEditOrigin, edit: () => T): T {
    const previous = this.pending;
    this.pending = { origin, until: Number.POSITIVE_INFINITY };
    try {
      return edit();
    } finally {
      this.pending = previous;
    }
  }

  /** Remembers text that came from the AI chat, for a later paste. */
  markFromAI(text: string): void {
    const normalized = normalize(text);
    if (!normalized) return;
    this.aiTexts.push(normalized);
    if (this.aiTexts.length > REMEMBERED_AI_TEXTS) this.aiTexts.shift();
  }

  isFromAI(text: string): boolean {
    const normalized = normalize(text);
    return normalized !== '' && this.aiTexts.includes(normalized);
  }

  destroy(): void {
    this.container.removeEventListener('paste', this.onPaste, true);
    this.container.removeEventListener('drop', this.onDrop, true);
    document.removeEventListener('copy', this.onCopy, true);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private onPaste = (event: ClipboardEvent): void => {
    this.expectPaste(event.clipboardData?.getData('text/plain') ?? '');
  };

  private onDrop = (event: DragEvent): void => {
    this.expectPaste(event.dataTransfer?.getData('text/plain') ?? '');
  };

  private expectPaste(text: string): void {
    const fromAI = this.isFromAI(text);
    this.pending = { origin: fromAI ? 'ai-paste' : 'paste', until: Date.now() + PASTE_WINDOW_MS };
    if (text) this.onPasted?.({ length: text.length, fromAI });
  }

  /** Text the user copies from the chat's answers (`[data-ai-content]`) counts as AI text. */
  private onCopy = (): void => {
    const selection = document.getSelection();
    const node = selection?.anchorNode;
    const element = node instanceof Element ? node : node?.parentElement;
    if (selection && element?.closest('[data-ai-content]')) this.markFromAI(selection.toString());
  };

  /** Monaco reports the paste after applying it; later changes are typing again. */
  private clearSoon(): void {
    queueMicrotask(() => {
      this.pending = null;
    });
  }
}
