// Entry of the editor bundle (built by app/editor/build.ts, loaded by the
// workspace pages with a runtime import of the hashed URL in its manifest).
import { installMonacoEnvironment } from './monaco-environment.ts';
import { defineEditorTheme } from './theme.ts';
import 'monaco-editor/editor/editor.main.js';
import './workspace.css';
import { configureLanguages } from './language-defaults.ts';

installMonacoEnvironment();
defineEditorTheme();
configureLanguages();

export { mountWorkspace } from './workspace.ts';

/** Changes with every build that changes the bundle's code (esbuild hashes the file name). */
export const bundleVersion: string = import.meta.url;

export { colorizeCode } from './colorize.ts';
