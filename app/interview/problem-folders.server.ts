import type { AppLoadContext } from '@remix-run/node';
import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { problemIn } from '../../protocol/language-versions.ts';
import { OriginTagger } from '../../protocol/origin-tagger.ts';
import { pathInFolder } from '../../protocol/problem-sequence.ts';
import type { Language, ProblemFile } from '../../protocol/problems.ts';
import {
  acknowledged,
  openSessionDocument,
  type SessionRef,
} from '../collab/session-document.server.ts';
import { workspaceFiles } from './initialize.server.ts';
import type { ProblemRow } from './session-problems.server.ts';

/**
 * A problem's files in its folder, in the session's language when the
 * problem offers it (decision 023): starter code, visible tests, README.
 */
export function problemFolderFiles(
  entry: { folder: string; problem: ProblemRow },
  language: Language | null,
): ProblemFile[] {
  const inLanguage = (language && problemIn(entry.problem, language)) || entry.problem;
  return workspaceFiles({ ...entry.problem, ...inLanguage }).map((file) => ({
    ...file,
    path: pathInFolder(entry.folder, file.path),
  }));
}

export class ProblemFolderError extends Error {
  readonly code = 'COLLAB_UNAVAILABLE';
}

/**
 * Changes the live session document as a service, in one transaction tagged
 * `seed` (decision 027): `seed` puts a problem's files in the document when
 * the candidate first reaches it (files already there are left alone), and
 * `locks` marks folders locked (a finished problem's, a reached problem's
 * previous/), after which the collab-server refuses anyone but a service a
 * change to them. Resolves once
 * the collab-server acknowledged the change.
 */
export async function writeProblemFolders(
  context: AppLoadContext,
  ref: SessionRef,
  change: { seed?: ProblemFile[]; locks?: string[] },
): Promise<void> {
  if (!change.seed?.length && !change.locks?.length) return;
  let open: Awaited<ReturnType<typeof openSessionDocument>>;
  try {
    open = await openSessionDocument(context, ref);
  } catch (error) {
    throw new ProblemFolderError(`The workspace could not be updated: ${String(error)}`);
  }
  try {
    const { doc, provider } = open;
    new OriginTagger(provider).run('seed', () =>
      doc.transact(() => {
        const files = doc.getMap<Y.Text>(SESSION_DOC.files);
        for (const file of change.seed ?? []) {
          if (!files.has(file.path)) files.set(file.path, new Y.Text(file.content));
        }
        const locked = doc.getMap<boolean>(SESSION_DOC.locked);
        for (const folder of change.locks ?? []) locked.set(folder, true);
      }),
    );
    if (!(await acknowledged(open))) {
      throw new ProblemFolderError('The collaboration server did not confirm the change.');
    }
  } finally {
    open.close();
  }
}
