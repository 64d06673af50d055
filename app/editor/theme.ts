import * as monaco from 'monaco-editor/editor/editor.api.js';

/** The editors' theme: Monaco's vs-dark with every token colour at 4.5:1 or more (WCAG AA). */
export const EDITOR_THEME = 'tandem-dark';

/**
 * vs-dark colours comments (#608B4E, 4.2:1), predefined variables (#4864AA,
 * 2.9:1), regular expressions, HTML delimiters and a few more below 4.5:1 on
 * its #1E1E1E background; these rules lift them, keeping their hue.
 */
export function defineEditorTheme(): void {
  monaco.editor.defineTheme(EDITOR_THEME, {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'comment', foreground: '7CA668' },
      { token: 'variable.predefined', foreground: '7A9BE0' },
      { token: 'regexp', foreground: 'C97BB0' },
      { token: 'annotation', foreground: 'E08080' },
      { token: 'tag.id.pug', foreground: '7A9BE0' },
      { token: 'tag.class.pug', foreground: '7A9BE0' },
      { token: 'delimiter.html', foreground: 'A0A0A0' },
      { token: 'delimiter.xml', foreground: 'A0A0A0' },
      { token: 'operator.sql', foreground: '8FA0B0' },
      { token: 'string.sql', foreground: 'FF6B6B' },
      { token: 'invalid', foreground: 'FF6B6B' },
    ],
    colors: {
      'editorLineNumber.foreground': '#A0A0A0',
      'editorLineNumber.dimmedForeground': '#9A9A9A',
    },
  });
}
