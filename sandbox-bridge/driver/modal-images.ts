import { LANGUAGES, type Language } from '../../protocol/problems.ts';

/**
 * The Modal image, defined in code (decision 023): the base has Node 24 and
 * Python 3.11 (TypeScript, JavaScript and Python run on it); each compiled
 * language adds its own layer of the same Debian packages the local driver
 * installs (scripts/ensure-system-packages.sh), so Modal builds and caches
 * one layer per language and an image serving fewer languages is smaller.
 */
export const MODAL_LANGUAGE_LAYERS: Record<Language, string[]> = {
  typescript: [],
  javascript: [],
  python: [],
  java: ['openjdk-17-jdk-headless'],
  cpp: ['g++'],
  go: ['golang-go'],
  rust: ['rustc', 'cargo'],
};

/** Dockerfile commands on top of the base image for the languages a bridge serves. */
export function modalImageCommands(languages: readonly Language[] = LANGUAGES): string[] {
  const commands: string[] = [];
  for (const language of languages) {
    const packages = MODAL_LANGUAGE_LAYERS[language];
    if (packages.length === 0) continue;
    commands.push(
      `RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(' ')} && rm -rf /var/lib/apt/lists/*`,
    );
  }
  return commands;
}
