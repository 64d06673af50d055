/** Languages with a test harness in the sandbox. */
export const LANGUAGES = ['typescript', 'javascript', 'python'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DIFFICULTIES = ['EASY', 'MEDIUM', 'HARD'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** A file of a problem: starter code, a test file or a reference solution. */
export interface ProblemFile {
  path: string;
  content: string;
}

/** Monaco language id for a path, by extension. */
export function languageForPath(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  const byExt: Record<string, string> = {
    ts: 'typescript',
    tsx: 'typescript',
    mts: 'typescript',
    cts: 'typescript',
    js: 'javascript',
    jsx: 'javascript',
    mjs: 'javascript',
    cjs: 'javascript',
    py: 'python',
    json: 'json',
    md: 'markdown',
    html: 'html',
    css: 'css',
    sh: 'shell',
    yml: 'yaml',
    yaml: 'yaml',
    txt: 'plaintext',
  };
  return byExt[ext] ?? 'plaintext';
}
