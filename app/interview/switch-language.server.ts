import type { AppLoadContext } from '@remix-run/node';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import * as Y from 'yjs';
import { interviewSessions, sessionEvents } from '../../db/schema/index.ts';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { PREVIOUS_FOLDER, problemIn } from '../../protocol/language-versions.ts';
import { OriginTagger } from '../../protocol/origin-tagger.ts';
import { isInFolder, pathInFolder } from '../../protocol/problem-sequence.ts';
import { LANGUAGES, type Language } from '../../protocol/problems.ts';
import { acknowledged, openSessionDocument } from '../collab/session-document.server.ts';
import type { StartedInterview } from './candidate-session.server.ts';
import { allowedLanguages } from './language-choice.ts';

/** The event a language switch records; the replay shows it on its timeline. */
export const LANGUAGE_SWITCHED = 'language_switched';

export interface LanguageSwitchedData {
  from: Language;
  to: Language;
  /** Problems whose files changed language: their positions and folders. */
  problems: Array<{ position: number; folder: string; from: Language; to: Language }>;
  /** Whether earlier work in `to` came back from its previous/ folder instead of the starter. */
  restored: boolean;
}

export type LanguageSwitchOutcome =
  | { kind: 'switched'; language: Language; event: LanguageSwitchedData | null }
  | { kind: 'error'; status: number; code: string; message: string };

/** The language a problem's files are in when the session's language is `language`. */
function effectiveLanguage(
  problem: StartedInterview['sessionProblems'][number]['problem'],
  language: Language,
): Language {
  return problemIn(problem, language) ? language : problem.language;
}

/**
 * Switches the candidate's language during the interview (decision 023): for
 * each problem that offers the new language, its files move to
 * `<folder>/previous/<old language>/` and the new language's starter and
 * visible tests appear (or, switching back, the files kept for it return).
 * The README stays. Tests and grading then run in the new language: the
 * session's language is what the bridge reads. Records `language_switched`.
 */
export async function switchLanguage(
  context: AppLoadContext,
  interview: StartedInterview,
  requested: unknown,
): Promise<LanguageSwitchOutcome> {
  const { session, sessionProblems } = interview;
  if (!(LANGUAGES as readonly unknown[]).includes(requested)) {
    return {
      kind: 'error',
      status: 400,
      code: 'UNKNOWN_LANGUAGE',
      message: `Choose one of ${LANGUAGES.join(', ')}.`,
    };
  }
  const to = requested as Language;
  const first = sessionProblems[0]?.problem;
  if (!first) {
    return {
      kind: 'error',
      status: 409,
      code: 'NO_PROBLEM',
      message: 'This interview has no problem.',
    };
  }
  // The same rule as the picker before the start: the assessment's list, among the problem's languages.
  const allowed = allowedLanguages(interview.assessment.languages ?? [], first);
  if (!allowed.includes(to)) {
    return {
      kind: 'error',
      status: 403,
      code: 'LANGUAGE_NOT_ALLOWED',
      message: `This interview is taken in ${allowed.join(', ')}.`,
    };
  }
  const from = (session.language ?? first.language) as Language;
  if (from === to) return { kind: 'switched', language: to, event: null };

  // Only the problems the candidate is working on: a finished one is locked
  // (decision 027) and keeps the files it was graded on; one not reached yet
  // is not in the document, and gets the session's language when reached.
  const moves = sessionProblems
    .filter((entry) => entry.openedAt !== null && entry.submittedAt === null)
    .map((entry) => ({
      entry,
      from: effectiveLanguage(entry.problem, from),
      to: effectiveLanguage(entry.problem, to),
    }))
    .filter((move) => move.from !== move.to);

  // The language first, only if nobody switched meanwhile and the session is open.
  const db = context.services.database.db;
  const [changed] = await db
    .update(interviewSessions)
    .set({ language: to })
    .where(
      and(
        eq(interviewSessions.id, session.id),
        inArray(interviewSessions.status, ['ACTIVE', 'PAUSED']),
        session.language === null
          ? or(isNull(interviewSessions.language), eq(interviewSessions.language, from))
          : eq(interviewSessions.language, session.language),
      ),
    )
    .returning({ id: interviewSessions.id });
  if (!changed) {
    return {
      kind: 'error',
      status: 409,
      code: 'SWITCH_CONFLICT',
      message: 'The interview ended or its language changed meanwhile; reload the page.',
    };
  }

  let restored = false;
  try {
    const open = await openSessionDocument(context, {
      sessionId: session.id,
      organizationId: session.organizationId,
    });
    try {
      const files = open.doc.getMap<Y.Text>(SESSION_DOC.files);
      const tagger = new OriginTagger(open.provider);
      // Moving the candidate's files is a file operation; the new starter is starter code.
      const starters: Array<{ path: string; content: string }> = [];
      tagger.run('file-op', () =>
        open.doc.transact(() => {
          for (const move of moves) {
            const fresh = moveFolder(files, move.entry, move.from, move.to);
            if (fresh) starters.push(...fresh);
            else restored = true;
          }
          open.doc.getMap<string>(SESSION_DOC.meta).set('language', to);
        }, 'language-switch'),
      );
      if (starters.length > 0) {
        tagger.run('seed', () =>
          open.doc.transact(() => {
            for (const file of starters) files.set(file.path, new Y.Text(file.content));
          }, 'language-switch'),
        );
      }
      if (!(await acknowledged(open))) {
        throw new Error('the collab server did not confirm the switch');
      }
    } finally {
      open.close();
    }
  } catch (error) {
    // The files did not move: the session keeps its language.
    await db
      .update(interviewSessions)
      .set({ language: session.language })
      .where(eq(interviewSessions.id, session.id));
    return {
      kind: 'error',
      status: 503,
      code: 'COLLAB_UNAVAILABLE',
      message: `The workspace could not be changed (${(error as Error).message}); try again.`,
    };
  }

  const event: LanguageSwitchedData = {
    from,
    to,
    problems: moves.map((move) => ({
      position: move.entry.position,
      folder: move.entry.folder,
      from: move.from,
      to: move.to,
    })),
    restored,
  };
  await db.insert(sessionEvents).values({
    sessionId: session.id,
    at: new Date(),
    type: LANGUAGE_SWITCHED,
    source: 'server',
    data: { ...event },
  });
  return { kind: 'switched', language: to, event };
}

/**
 * One problem's folder from `from` to `to`, inside the caller's transaction.
 * Returns the starter files to write, or null when `to`'s files came back
 * from previous/.
 */
function moveFolder(
  files: Y.Map<Y.Text>,
  entry: StartedInterview['sessionProblems'][number],
  from: Language,
  to: Language,
): Array<{ path: string; content: string }> | null {
  const folder = entry.folder;
  const previousRoot = pathInFolder(folder, `${PREVIOUS_FOLDER}/`);
  const readme = pathInFolder(folder, 'README.md');
  const keptFor = (language: Language) => `${previousRoot}${language}/`;
  const current = [...files.keys()].filter(
    (path) => isInFolder(folder, path) && !path.startsWith(previousRoot) && path !== readme,
  );
  const relative = (path: string) => (folder ? path.slice(folder.length + 1) : path);
  // The kept copy for `from` is replaced by the files as they are now.
  for (const path of [...files.keys()]) if (path.startsWith(keptFor(from))) files.delete(path);
  for (const path of current) {
    const text = files.get(path);
    files.set(`${keptFor(from)}${relative(path)}`, new Y.Text(text?.toString() ?? ''));
    files.delete(path);
  }
  const kept = [...files.keys()].filter((path) => path.startsWith(keptFor(to)));
  if (kept.length > 0) {
    for (const path of kept) {
      const text = files.get(path);
      files.set(
        pathInFolder(folder, path.slice(keptFor(to).length)),
        new Y.Text(text?.toString() ?? ''),
      );
      files.delete(path);
    }
    return null;
  }
  const inLanguage = problemIn(entry.problem, to)!;
  const starters = [...inLanguage.starterFiles, ...inLanguage.visibleTests].map((file) => ({
    path: pathInFolder(folder, file.path),
    content: file.content,
  }));
  if (!files.has(readme)) {
    starters.push({
      path: readme,
      content: `# ${entry.problem.title}\n\n${entry.problem.description}\n`,
    });
  }
  return starters;
}
