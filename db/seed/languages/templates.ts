// The seeded problems in their other languages (decision 023), as template
// files rather than code: `templates/<problem>/<language>/` holds
//   starter/    the starter files (the module the hidden cases call),
//   tests/      the visible tests,
//   reference/  the reference solution, one file: the module,
//   wrong/      a plausible wrong solution the hidden cases must catch (CI).
// The shape is the same for every language; what is shared (Go's go.mod) is
// added here once. The seed runs from source (scripts/start.ts, db/seed/cli.ts,
// never the Remix bundle), so the files are read next to this module.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, type Language, type ProblemFile } from '../../../protocol/problems.ts';
import type { SeedLanguageVersion, SeedLanguageVersions } from './types.ts';

/** Where the template files are. */
export const TEMPLATES_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

/** Go's module file, the same for every problem: the starter is one package `solution`. */
const GO_MOD: ProblemFile = { path: 'go.mod', content: 'module solution\n\ngo 1.19\n' };

const PARTS = ['starter', 'tests', 'reference', 'wrong'] as const;

/** Every file under a folder, as workspace paths relative to it, sorted. */
function filesUnder(folder: string): ProblemFile[] {
  if (!existsSync(folder)) return [];
  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else paths.push(path);
    }
  };
  walk(folder);
  return paths.map((path) => ({
    path: relative(folder, path).split('\\').join('/'),
    content: readFileSync(path, 'utf8'),
  }));
}

function version(root: string, problem: string, language: Language): SeedLanguageVersion {
  const folder = join(root, problem, language);
  const where = `db/seed/languages/templates/${problem}/${language}`;
  const extra = readdirSync(folder).filter((name) => !(PARTS as readonly string[]).includes(name));
  if (extra.length > 0) throw new Error(`${where}: unexpected ${extra.join(', ')}`);
  const [starter, tests, reference, wrong] = PARTS.map((part) => filesUnder(join(folder, part)));
  const module = reference?.[0]?.path;
  if (reference?.length !== 1 || wrong?.length !== 1 || !module) {
    throw new Error(`${where}: reference/ and wrong/ hold one file each, the module`);
  }
  if (wrong[0]!.path !== module || !starter?.some((file) => file.path === module)) {
    throw new Error(`${where}: starter/ and wrong/ must have the module ${module}`);
  }
  if (!tests?.length) throw new Error(`${where}: tests/ is empty`);
  return {
    module,
    starterFiles: language === 'go' ? [GO_MOD, ...starter] : starter,
    visibleTests: tests,
    referenceSolution: reference,
    wrongSolution: wrong,
  };
}

/** A problem's versions, from `templates/<problem>/`, in the order of LANGUAGES. */
export function templateVersions(problem: string, root = TEMPLATES_DIR): SeedLanguageVersions {
  const folder = join(root, problem);
  const present = readdirSync(folder);
  const unknown = present.filter((name) => !(LANGUAGES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `db/seed/languages/templates/${problem}: not a language: ${unknown.join(', ')}`,
    );
  }
  return Object.fromEntries(
    LANGUAGES.filter((language) => present.includes(language)).map((language) => [
      language,
      version(root, problem, language),
    ]),
  );
}
