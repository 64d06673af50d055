import { LANGUAGES, type Language } from '../../protocol/problems.ts';
import {
  SHARED_CACHE_LANGUAGES,
  sampleTests,
  sampleWorkspace,
} from '../runner/shared-build-cache.ts';
import { testCommand } from '../runner/test-command.ts';

/** Where the image keeps the shared build caches (decision 023); the runner reads the variable. */
export const MODAL_SHARED_BUILD_CACHE = '/opt/tandem-build-cache';

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
  const cached = SHARED_CACHE_LANGUAGES.filter((language) => languages.includes(language));
  if (cached.length > 0) commands.push(...sharedBuildCacheCommands(cached));
  return commands;
}

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * The shared build caches as the image's last layer: the harness and the
 * samples written from the bridge's own files (base64, so the layer's text
 * changes, and Modal rebuilds it, exactly when they do), compiled by the same
 * runner as the local driver's, the caches moved to MODAL_SHARED_BUILD_CACHE.
 * Each Modal sandbox has its own copy of the image's files: a candidate who
 * changes theirs changes no one else's.
 */
function sharedBuildCacheCommands(languages: Language[]): string[] {
  const steps = ['set -e', `mkdir -p ${MODAL_SHARED_BUILD_CACHE}`];
  for (const language of languages) {
    const stage = `/tmp/tandem-build/${language}`;
    for (const file of sampleWorkspace(language)) {
      const path = `${stage}/${file.path}`;
      const base64 = Buffer.from(file.content).toString('base64');
      steps.push(
        `mkdir -p ${quote(path.slice(0, path.lastIndexOf('/')))}`,
        `echo ${base64} | base64 -d > ${quote(path)}`,
      );
    }
    const command = testCommand(language, sampleTests(language)).map(quote).join(' ');
    steps.push(
      `(cd ${stage} && ${command} > /dev/null)`,
      `mv ${stage}/.tandem/cache/* ${MODAL_SHARED_BUILD_CACHE}/`,
    );
  }
  steps.push('rm -rf /tmp/tandem-build', `chmod -R a+rX,go-w ${MODAL_SHARED_BUILD_CACHE}`);
  return [`RUN ${steps.join(' && ')}`, `ENV TANDEM_SHARED_BUILD_CACHE=${MODAL_SHARED_BUILD_CACHE}`];
}
