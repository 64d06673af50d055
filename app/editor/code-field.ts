import * as monaco from 'monaco-editor/editor/editor.api.js';
import { languageForPath } from '../../protocol/problems.ts';
import type { CodeFieldController, CodeFieldOptions } from './replay-api.ts';
import { EDITOR_THEME } from './theme.ts';

/**
 * A plain Monaco field for editing a file outside any session (the question
 * editor's starter code and tests): no Yjs, one model per field.
 */
export function mountCodeField(
  container: HTMLElement,
  options: CodeFieldOptions,
): CodeFieldController {
  const model = monaco.editor.createModel(options.value, languageForPath(options.path));
  const editor = monaco.editor.create(container, {
    model,
    theme: EDITOR_THEME,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    tabSize: 2,
    scrollBeyondLastLine: false,
    ariaLabel: options.label,
  });
  const subscription = model.onDidChangeContent(() => options.onChange(model.getValue()));
  return {
    setPath: (path) => monaco.editor.setModelLanguage(model, languageForPath(path)),
    setValue: (value) => {
      if (value !== model.getValue()) model.setValue(value);
    },
    dispose: () => {
      subscription.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}
