/** Languages with a test harness in the sandbox (decision 023 adds the compiled four). */
export const LANGUAGES = [
  'typescript',
  'javascript',
  'python',
  'java',
  'cpp',
  'go',
  'rust',
] as const;
export type Language = (typeof LANGUAGES)[number];

/** Languages compiled before they run: their hidden cases need the problem's typed signature. */
export const COMPILED_LANGUAGES = [
  'java',
  'cpp',
  'go',
  'rust',
] as const satisfies readonly Language[];
export type CompiledLanguage = (typeof COMPILED_LANGUAGES)[number];

export function isCompiled(language: Language): language is CompiledLanguage {
  return (COMPILED_LANGUAGES as readonly Language[]).includes(language);
}

/** File extensions of the module a language's hidden cases call. */
export const MODULE_EXTENSIONS: Record<Language, string[]> = {
  typescript: ['.ts', '.js'],
  javascript: ['.js', '.mjs'],
  python: ['.py'],
  java: ['.java'],
  cpp: ['.cpp', '.cc', '.hpp'],
  go: ['.go'],
  rust: ['.rs'],
};

/** How the UI names a language. */
export const LANGUAGE_LABELS: Record<Language, string> = {
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  python: 'Python',
  java: 'Java',
  cpp: 'C++',
  go: 'Go',
  rust: 'Rust',
};

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
    java: 'java',
    cpp: 'cpp',
    cc: 'cpp',
    cxx: 'cpp',
    hpp: 'cpp',
    h: 'cpp',
    go: 'go',
    rs: 'rust',
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

/**
 * A problem in one more language (decision 023): its own starter, visible
 * tests and reference, and the module its hidden cases call. The hidden
 * cases themselves are shared by every language.
 */
export interface LanguageVersion {
  /** Workspace path of the module the hidden cases call (`Solution.java`, `solution.rs`). */
  module: string;
  /** The entry as this language spells it, when not the usual spelling of the problem's entry. */
  entry?: string;
  starterFiles: ProblemFile[];
  visibleTests: ProblemFile[];
  referenceSolution: ProblemFile[];
}

/** The entry as a language usually spells it: `twoSum` is Go's `TwoSum`, Rust's and Python's `two_sum`. */
export function entrySpelling(language: Language, entry: string): string {
  if (language === 'go') return entry.charAt(0).toUpperCase() + entry.slice(1);
  if (language === 'rust' || language === 'python') {
    return entry.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  }
  return entry;
}
