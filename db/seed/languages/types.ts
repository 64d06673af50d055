import type { Language, LanguageVersion, ProblemFile } from '../../../protocol/problems.ts';

/** A seeded problem's version in one more language, with a wrong solution its hidden cases catch. */
export interface SeedLanguageVersion extends LanguageVersion {
  /** Plausible but wrong: CI checks that the hidden cases fail it. */
  wrongSolution: ProblemFile[];
}

export type SeedLanguageVersions = Partial<Record<Language, SeedLanguageVersion>>;

/** The versions as a problem stores them: the wrong solutions stay in the seed (and its CI test). */
export function storedVersions(
  versions: SeedLanguageVersions | undefined,
): Partial<Record<Language, LanguageVersion>> | null {
  if (!versions) return null;
  return Object.fromEntries(
    Object.entries(versions).map(([language, { wrongSolution: _wrong, ...version }]) => [
      language,
      version,
    ]),
  );
}
