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
  });
  return result.success
    ? ({ ok: true, problem: result.data } as const)
    : ({ ok: false, errors: fieldErrors(result.error) } as const);
}
