/**
 * The contract between the replay page and the replay entry of the editor
 * bundle (replay-entry.ts): a read-only Monaco that shows one file at one
 * instant, coloured by provenance, and a diff editor. React imports these
 * types only; the replay index lives in the replay worker, not here.
 */

/** One file at one instant, as the replay worker computed it (view-messages.ts FrameText). */
export interface ReplayEditorView {
  path: string;
  language: string;
  /** Same version, same text: the editor keeps its model as it is. */
  version: string;
  /** Null when the text is that of `versionOf(path)`. */
  text: string | null;
  /** Provenance runs, flat: start, length, kind index in PROVENANCE_KINDS, … */
  runs: number[];
  /** Recently inserted text, flat: offset, length, … */
  recent: number[];
  /** Colour each character by who or what wrote it. */
  provenance: boolean;
  /** Scroll the newest recent insertion into view (playback). */
  reveal: boolean;
}

export interface ReplayDiffView {
  /** Shown above the two sides. */
  path: string;
  language: string;
  before: string;
  after: string;
}

export interface ReplayEditorController {
  /** Path → version of the text the editor holds, to ask the worker for changes only. */
  versions(): Record<string, string>;
  /** Shows a file at an instant; null when no file exists then (the editor goes blank). */
  show(view: ReplayEditorView | null): void;
  /** Shows the diff editor instead of the file (null: back to the file). */
  showDiff(diff: ReplayDiffView | null): void;
  destroy(): void;
}

/** What the replay entry of the editor bundle exports. */
export interface CodeFieldOptions {
  value: string;
  /** The file's path: its extension picks the language. */
  path: string;
  label: string;
  onChange(value: string): void;
}

export interface CodeFieldController {
  setPath(path: string): void;
  setValue(value: string): void;
  dispose(): void;
}

export interface ReplayBundleModule {
  /** `container` hosts the file editor, `diffContainer` the diff editor (hide the unused one). */
  mountReplayEditor(container: HTMLElement, diffContainer: HTMLElement): ReplayEditorController;
  /** An editable Monaco field without Yjs (the question editor). */
  mountCodeField(container: HTMLElement, options: CodeFieldOptions): CodeFieldController;
  /** Highlighted HTML of a code block (AI answers in the replay). */
  colorizeCode(code: string, language: string): Promise<string>;
  bundleVersion: string;
}
