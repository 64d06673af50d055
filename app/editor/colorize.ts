import * as monaco from 'monaco-editor/editor/editor.api.js';

/** Fence names people write, as Monaco's language ids. */
const ALIASES: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  py: 'python',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  yml: 'yaml',
  rs: 'rust',
  rb: 'ruby',
  'c++': 'cpp',
  cs: 'csharp',
  kt: 'kotlin',
  md: 'markdown',
};

/**
 * A code block as highlighted HTML (Monaco's tokenizer and the editor theme;
 * the text is escaped by Monaco). Unknown languages come back as plain text.
 */
export function colorizeCode(code: string, language: string): Promise<string> {
  const name = language.trim().toLowerCase();
  const id = ALIASES[name] ?? name;
  const known = monaco.languages.getLanguages().some((entry) => entry.id === id);
  return monaco.editor.colorize(code, known ? id : 'plaintext', { tabSize: 2 });
}
