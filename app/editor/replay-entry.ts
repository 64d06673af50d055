// Entry of the replay page's part of the editor bundle (built by
// app/editor/build.ts beside the workspace entry; the two share Monaco's
// chunks). No yjs here: the replay index lives in the replay worker.
import { installMonacoEnvironment } from './monaco-environment.ts';
import { defineEditorTheme } from './theme.ts';
import 'monaco-editor/editor/editor.main.js';
import { typescript } from 'monaco-editor';

installMonacoEnvironment();
defineEditorTheme();
// A replay shows code as it was mid-typing: diagnostics would only be noise,
// and without them the 7 MB TypeScript worker does not start.
for (const defaults of [typescript.typescriptDefaults, typescript.javascriptDefaults]) {
  defaults.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: true });
}

export { mountCodeField } from './code-field.ts';
export { mountReplayEditor } from './replay-editor.ts';

/** Changes with every build that changes the bundle's code (esbuild hashes the file name). */
export const bundleVersion: string = import.meta.url;

export { colorizeCode } from './colorize.ts';
