import { type MultiLanguageProblem, problemLanguages } from '../../protocol/language-versions.ts';
import { LANGUAGES, type Language } from '../../protocol/problems.ts';

/**
 * The languages a candidate may pick (decision 023): those the assessment
 * allows among those the problem offers, in the problem's order. An
 * assessment that lists none fixes the problem's own language.
 */
export function allowedLanguages(
  assessmentLanguages: readonly Language[],
  problem: MultiLanguageProblem,
): Language[] {
  if (assessmentLanguages.length === 0) return [problem.language];
  const offered = problemLanguages(problem).filter((language) =>
    assessmentLanguages.includes(language),
  );
  return offered.length > 0 ? offered : [problem.language];
}

/** The candidate's request, if it names an allowed language; else the first allowed one. */
export function chooseLanguage(requested: unknown, allowed: Language[]): Language {
  const known = (LANGUAGES as readonly unknown[]).includes(requested);
  return known && allowed.includes(requested as Language) ? (requested as Language) : allowed[0]!;
}
