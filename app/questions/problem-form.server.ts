import { LANGUAGES } from '../../protocol/problems.ts';
import { fieldErrors } from '../assessments/assessments.server.ts';
import { problemInput } from './problem-input.ts';

function jsonField(form: FormData, name: string): unknown {
  try {
    return JSON.parse(String(form.get(name) ?? '[]'));
  } catch {
    return null;
  }
}

/** The hidden cases' JSON: empty means none; text that is not JSON fails validation. */
function gradingField(form: FormData): unknown {
  const text = String(form.get('grading') ?? '').trim();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return 'not JSON';
  }
}

/**
 * The other languages' versions from the editor (decision 023), keyed by
 * language; undefined when the form has no such section (the stored ones stay).
 */
function languageVersionsField(form: FormData): unknown {
  if (!form.has('languageVersionsEdited')) return undefined;
  const versions: Record<string, unknown> = {};
  for (const language of LANGUAGES) {
    if (language === form.get('language')) continue;
    const field = (name: string) => `lv-${name}-${language}`;
    if (!form.get(field('offered'))) continue;
    const entry = String(form.get(field('entry')) ?? '').trim();
    versions[language] = {
      module: String(form.get(field('module')) ?? '').trim(),
      ...(entry ? { entry } : {}),
      starterFiles: jsonField(form, field('starterFiles')),
      visibleTests: jsonField(form, field('visibleTests')),
      referenceSolution: jsonField(form, field('referenceSolution')),
    };
  }
  return Object.keys(versions).length > 0 ? versions : null;
}

/** Reads the question editor's form into a validated problem, or field errors. */
export function parseProblemForm(form: FormData) {
  const reference = jsonField(form, 'referenceSolution');
  const result = problemInput.safeParse({
    title: form.get('title') ?? '',
    description: form.get('description') ?? '',
    difficulty: form.get('difficulty'),
    category: String(form.get('category') ?? '').trim() || 'general',
    tags: String(form.get('tags') ?? '')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    language: form.get('language'),
    estimatedMinutes: Number(form.get('estimatedMinutes') ?? 30),
    starterFiles: jsonField(form, 'starterFiles'),
    visibleTests: jsonField(form, 'visibleTests'),
    grading: gradingField(form),
    referenceSolution: Array.isArray(reference) && reference.length > 0 ? reference : null,
    languageVersions: languageVersionsField(form),
  });
  return result.success
    ? ({ ok: true, problem: result.data } as const)
    : ({ ok: false, errors: fieldErrors(result.error) } as const);
}
