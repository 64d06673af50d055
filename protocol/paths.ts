import { LIMITS } from './limits.ts';

export type PathProblem =
  | 'empty'
  | 'too_long'
  | 'too_deep'
  | 'absolute'
  | 'traversal'
  | 'control_character'
  | 'bad_segment';

export class WorkspacePathError extends Error {
  readonly code = 'BAD_PATH';
  readonly problem: PathProblem;
  readonly path: string;
  constructor(problem: PathProblem, path: string) {
    super(
      `Path ${JSON.stringify(path.slice(0, 80))} is not allowed (${problem.replace('_', ' ')}).`,
    );
    this.name = 'WorkspacePathError';
    this.problem = problem;
    this.path = path;
  }
}

const SEGMENT = /^[A-Za-z0-9._@+\- ]+$/;

/**
 * Checks a workspace-relative path (`src/main.ts`) and returns its normal form.
 * Rejects absolute paths, `..`, control characters and odd segments, so that a
 * path is safe to join under a sandbox folder and to show in the browser.
 */
export function normalizeWorkspacePath(input: string): string {
  const problem = findPathProblem(input);
  if (problem) throw new WorkspacePathError(problem, input);
  return input.split('/').filter(Boolean).join('/');
}

/** The reason a path is refused, or null when it is fine. */
export function findPathProblem(input: string): PathProblem | null {
  if (typeof input !== 'string' || input.trim() === '') return 'empty';
  if (input.length > LIMITS.maxPathLength) return 'too_long';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we refuse
  if (/[\u0000-\u001f\u007f\\]/.test(input)) return 'control_character';
  if (input.startsWith('/') || /^[A-Za-z]:/.test(input)) return 'absolute';
  const segments = input.split('/').filter(Boolean);
  if (segments.length === 0) return 'empty';
  if (segments.length > LIMITS.maxPathDepth) return 'too_deep';
  for (const segment of segments) {
    if (segment === '..' || segment === '.') return 'traversal';
    if (!SEGMENT.test(segment) || segment.trim() !== segment) return 'bad_segment';
  }
  return null;
}

export function isValidWorkspacePath(input: string): boolean {
  return findPathProblem(input) === null;
}

/** Parent folders of a path, nearest last: `a/b/c.ts` → [`a`, `a/b`]. */
export function parentFolders(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
