import type { Language, LanguageVersion, ProblemFile } from '../../../protocol/problems.ts';

/** A seeded problem's version in one more language, with a wrong solution its hidden cases catch. */
export interface SeedLanguageVersion extends LanguageVersion {
  /** Plausible but wrong: CI checks that the hidden cases fail it. */
  wrongSolution: ProblemFile[];
}

export type SeedLanguageVersions = Partial<Record<Language, SeedLanguageVersion>>;
