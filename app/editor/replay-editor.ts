import * as monaco from 'monaco-editor/editor/editor.api.js';
import { diffText } from '../../protocol/text-diff.ts';
import { PROVENANCE_KINDS } from '../replay/provenance.ts';
import type { ReplayDiffView, ReplayEditorController, ReplayEditorView } from './replay-api.ts';
import { EDITOR_THEME } from './theme.ts';

/** Minimap and overview-ruler colours of the kinds worth spotting from afar. */
const KIND_MARKS: Record<string, string> = {
  paste: '#d29922',
  'ai-paste': '#c678dd',
  interviewer: '#f778ba',
  tool: '#2bb3c0',
};
const RECENT_MARK = '#5b8cff';

interface ReplayModel {
  model: monaco.editor.ITextModel;
  version: string;
}

const replayUri = (path: string) => monaco.Uri.from({ scheme: 'replay', path: `/${path}` });

/**
 * A read-only Monaco for the replay: one model per path, brought to each
 * instant by a minimal edit (so the scroll position and folding survive
 * scrubbing), provenance and recent edits as decorations, and a diff editor
 * for two instants.
 */
export function mountReplayEditor(
  container: HTMLElement,
  diffContainer: HTMLElement,
): ReplayEditorController {
  const editor = monaco.editor.create(container, {
    model: null,
    theme: EDITOR_THEME,
    automaticLayout: true,
    readOnly: true,
    domReadOnly: true,
    readOnlyMessage: { value: 'A replay is read-only.' },
    minimap: { enabled: true, renderCharacters: false, showSlider: 'mouseover' },
    fontSize: 14,
    scrollBeyondLastLine: false,
    tabSize: 2,
    renderLineHighlight: 'none',
    occurrencesHighlight: 'off',
    ariaLabel: 'Code at the current instant (read-only)',
  });
  const decorations = editor.createDecorationsCollection();
  const models = new Map<string, ReplayModel>();
  let diffEditor: monaco.editor.IStandaloneDiffEditor | null = null;
  let diffModels: monaco.editor.ITextModel[] = [];

  const modelFor = (view: ReplayEditorView): ReplayModel => {
    let entry = models.get(view.path);
    if (!entry) {
      const model = monaco.editor.createModel('', view.language, replayUri(view.path));
      entry = { model, version: '' };
      models.set(view.path, entry);
    }
    return entry;
  };

  const rangeOf = (model: monaco.editor.ITextModel, offset: number, length: number) => {
    const start = model.getPositionAt(offset);
    const end = model.getPositionAt(offset + length);
    return new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
  };

  const show = (view: ReplayEditorView | null) => {
    if (!view) {
      decorations.clear();
      editor.setModel(null);
      return;
    }
    const entry = modelFor(view);
    const { model } = entry;
    // A null text means "the version you have"; the client sends the next
    // request only after applying this one, so the versions agree.
    if (view.text !== null && entry.version !== view.version) {
      const change = diffText(model.getValue(), view.text);
      if (change) {
        model.applyEdits([
          { range: rangeOf(model, change.index, change.deleteCount), text: change.insert },
        ]);
      }
    }
    entry.version = view.version;
    if (editor.getModel() !== model) editor.setModel(model);
    const next: monaco.editor.IModelDeltaDecoration[] = [];
    if (view.provenance) {
      for (let i = 0; i + 2 < view.runs.length; i += 3) {
        const kind = PROVENANCE_KINDS[view.runs[i + 2]!] ?? 'unknown';
        const mark = KIND_MARKS[kind];
        next.push({
          range: rangeOf(model, view.runs[i]!, view.runs[i + 1]!),
          options: {
            inlineClassName: `replay-prov replay-prov-${kind}`,
            ...(mark
              ? {
                  minimap: { color: mark, position: monaco.editor.MinimapPosition.Inline },
                  overviewRuler: { color: mark, position: monaco.editor.OverviewRulerLane.Left },
                }
              : {}),
          },
        });
      }
    }
    let newest: monaco.Range | null = null;
    for (let i = 0; i + 1 < view.recent.length; i += 2) {
      const range = rangeOf(model, view.recent[i]!, view.recent[i + 1]!);
      newest = range;
      next.push({
        range,
        options: {
          className: 'replay-recent',
          overviewRuler: { color: RECENT_MARK, position: monaco.editor.OverviewRulerLane.Right },
          stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
        },
      });
    }
    decorations.set(next);
    if (view.reveal && newest) {
      editor.revealRangeInCenterIfOutsideViewport(newest, monaco.editor.ScrollType.Immediate);
    }
  };

  const showDiff = (diff: ReplayDiffView | null) => {
    // The diff editor lets go of its models before they are disposed: the other way
    // round throws "TextModel got disposed before DiffEditorWidget model got reset"
    // (it did when leaving Compare).
    const previous = diffModels;
    diffModels = [];
    if (!diff) {
      diffEditor?.setModel(null);
      for (const model of previous) model.dispose();
      return;
    }
    diffEditor ??= monaco.editor.createDiffEditor(diffContainer, {
      theme: EDITOR_THEME,
      automaticLayout: true,
      readOnly: true,
      originalEditable: false,
      renderSideBySide: true,
      scrollBeyondLastLine: false,
      fontSize: 13,
      minimap: { enabled: false },
      ariaLabel: `Changes to ${diff.path} between the two instants`,
    });
    const original = monaco.editor.createModel(diff.before, diff.language);
    const modified = monaco.editor.createModel(diff.after, diff.language);
    diffModels = [original, modified];
    diffEditor.setModel({ original, modified });
    for (const model of previous) model.dispose();
  };

  return {
    versions: () => {
      const out: Record<string, string> = {};
      for (const [path, entry] of models) if (entry.version) out[path] = entry.version;
      return out;
    },
    show,
    showDiff,
    destroy: () => {
      decorations.clear();
      diffEditor?.setModel(null);
      diffEditor?.dispose();
      for (const model of diffModels) model.dispose();
      editor.dispose();
      for (const { model } of models.values()) model.dispose();
      models.clear();
    },
  };
}
