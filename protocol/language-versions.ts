import type { GradingSpec, GradingSpecInput } from './grading.ts';
import {
  entrySpelling,
  LANGUAGES,
  type Language,
  type LanguageVersion,
  type ProblemFile,
} from './problems.ts';

/** Where a problem's files in a language wait while the candidate works in another one. */
export const PREVIOUS_FOLDER = 'previous';

// `previous/<language>/` at the root (one problem) or in a problem's folder (`2-lru-cache/`).
const PREVIOUS_PATH = new RegExp(`^(?:\\d+-[^/]+/)?${PREVIOUS_FOLDER}/(?:${LANGUAGES.join('|')})/`);

/**
 * The previous/ folder of a problem's folder (`''` for a one-problem
 * workspace). It is locked from the moment the problem's files enter the
 * document: only the language switch (a service) writes there, so a candidate
 * cannot plant code where the report does not look.
 */
export function previousFolderOf(problemFolder: string): string {
  return problemFolder ? `${problemFolder}/${PREVIOUS_FOLDER}` : PREVIOUS_FOLDER;
}

const PREVIOUS_FOLDER_PATH = new RegExp(`^(?:\\d+-[^/]+/)?${PREVIOUS_FOLDER}(?:/|$)`);

/** Whether a path is in (or is) a problem's previous/ folder, whatever follows. */
export function isInPreviousFolder(path: string): boolean {
  return PREVIOUS_FOLDER_PATH.test(path);
}

/**
 * Whether a workspace path is an attempt a language switch put aside
 * (decision 023): kept in the document and the replay, but not the final code
 * the report's authorship, AI reliance and similarity are about.
 */
export function isPreviousAttempt(path: string): boolean {
  return PREVIOUS_PATH.test(path);
}

/** What a problem needs to run in one language. */
export interface ProblemInLanguage {
  language: Language;
  starterFiles: ProblemFile[];
  visibleTests: ProblemFile[];
  referenceSolution: ProblemFile[];
}

/** The fields of a problem that carry its languages. */
export interface MultiLanguageProblem {
  language: Language;
  starterFiles: ProblemFile[];
  visibleTests: ProblemFile[];
  referenceSolution: ProblemFile[] | null;
  languageVersions?: Partial<Record<Language, LanguageVersion>> | null;
}

/** The languages a problem can be taken in: its own first, then its other versions. */
export function problemLanguages(problem: MultiLanguageProblem): Language[] {
  const others = Object.keys(problem.languageVersions ?? {}) as Language[];
  return [problem.language, ...others.filter((language) => language !== problem.language)];
}

/** The problem's files in a language, or null when it has no version in that language. */
export function problemIn(
  problem: MultiLanguageProblem,
  language: Language,
): ProblemInLanguage | null {
  if (language === problem.language) {
    return {
      language,
      starterFiles: problem.starterFiles,
      visibleTests: problem.visibleTests,
      referenceSolution: problem.referenceSolution ?? [],
    };
  }
  const version = problem.languageVersions?.[language];
  if (!version) return null;
  return {
    language,
    starterFiles: version.starterFiles,
    visibleTests: version.visibleTests,
    referenceSolution: version.referenceSolution,
  };
}

/**
 * The hidden grading in a language: the same cases, calling that language's
 * module and spelling of the entry.
 */
export function gradingIn<T extends GradingSpec | GradingSpecInput>(
  problem: MultiLanguageProblem,
  grading: T,
  language: Language,
): T {
  if (language === problem.language) return grading;
  const version = problem.languageVersions?.[language];
  if (!version) return grading;
  // A class keeps its name in every language (a type is PascalCase in all of them).
  const isClass = grading.kind === 'class';
  return {
    ...grading,
    module: version.module,
    entry: version.entry ?? (isClass ? grading.entry : entrySpelling(language, grading.entry)),
    // Python spells methods in snake_case; the compiled drivers spell them from the signature.
    ...(isClass && language === 'python'
      ? {
          cases: grading.cases.map((entry) =>
            entry.calls
              ? {
                  ...entry,
                  calls: entry.calls.map(([method, ...args]) => [
                    entrySpelling('python', method as string),
                    ...args,
                  ]),
                }
              : entry,
          ),
        }
      : {}),
  };
}
