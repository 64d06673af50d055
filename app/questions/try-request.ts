import { z } from 'zod';
import { gradingSpec } from '../../protocol/grading.ts';
import { LANGUAGES } from '../../protocol/problems.ts';

const file = z.object({ path: z.string().min(1).max(200), content: z.string().max(200_000) });

/** The body of POST /api/problems/try: the editor's current problem, saved or not. */
export const tryProblemRequest = z.object({
  language: z.enum(LANGUAGES),
  starterFiles: z.array(file).max(20),
  visibleTests: z.array(file).min(1, 'Add a visible test file first.').max(20),
  grading: gradingSpec.nullable().default(null),
  referenceSolution: z.array(file).min(1, 'Add a reference solution to try.').max(20),
});
export type TryProblemRequestBody = z.infer<typeof tryProblemRequest>;

/** The code under test: starter files with the reference solution written over them. */
export function codeUnderTest(body: TryProblemRequestBody) {
  const files = new Map(body.starterFiles.map((f) => [f.path, f.content]));
  for (const f of body.referenceSolution) files.set(f.path, f.content);
  return [...files].map(([path, content]) => ({ path, content }));
}
