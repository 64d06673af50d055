/**
 * Several problems per assessment (docs/decisions/021-several-problems.md):
 * where each problem's files live in the one session document, and the event
 * recorded when the candidate moves between problems. Both the app and the
 * sandbox bridge read this module; the live room subscribes to the event name.
 */

/** The session event recorded (and pushed live) when the candidate moves to another problem. */
export const PROBLEM_SWITCHED = 'problem_switched' as const;

/** Why the candidate moved: they chose to, or they marked the problem done. */
export type ProblemSwitchReason = 'candidate' | 'submitted';

/** The data of a `problem_switched` event. */
export interface ProblemSwitchedData {
  from: number;
  to: number;
  problemId: string;
  title: string;
  reason: ProblemSwitchReason;
}

/**
 * The folder of a problem in the session document: the root when the session
 * has one problem (every single-problem session looks as it always did),
 * otherwise `<position + 1>-<slug of the title>` (`2-lru-cache`).
 */
export function problemFolder(position: number, title: string, problemCount: number): string {
  if (problemCount <= 1) return '';
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug ? `${position + 1}-${slug}` : `${position + 1}-problem`;
}

/** A path inside a problem's folder. */
export function pathInFolder(folder: string, path: string): string {
  return folder ? `${folder}/${path}` : path;
}

/** Whether a workspace path belongs to a problem's folder ('' holds every path). */
export function isInFolder(folder: string, path: string): boolean {
  return folder === '' || path.startsWith(`${folder}/`);
}
