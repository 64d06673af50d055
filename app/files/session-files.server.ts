import type { AppLoadContext } from '@remix-run/node';
import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { findPathProblem, normalizeWorkspacePath, parentFolders } from '../../protocol/paths.ts';
import { isInFolder } from '../../protocol/problem-sequence.ts';
import { diffText } from '../../protocol/text-diff.ts';
import {
  acknowledged,
  openSessionDocument,
  type SessionRef,
} from '../collab/session-document.server.ts';
import { buildFileTree, type FileNode } from '../interview/file-tree.ts';
import { FilesError } from './errors.server.ts';
import { etagOf, ifMatchAccepts } from './etag.server.ts';
import { mergeOnto } from './merge.ts';
import { recallVersion, rememberVersion } from './versions.server.ts';

/** One write at a time per session in this process, so If-Match checks and writes do not interleave. */
const locks = new Map<string, Promise<unknown>>();

async function exclusive<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(sessionId) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(work);
  locks.set(sessionId, next);
  try {
    return await next;
  } finally {
    if (locks.get(sessionId) === next) locks.delete(sessionId);
  }
}

function checkedPath(raw: string): string {
  const problem = findPathProblem(raw);
  if (problem)
    throw new FilesError(
      400,
      'BAD_PATH',
      `The path is not allowed (${problem.replace('_', ' ')}).`,
    );
  return normalizeWorkspacePath(raw);
}

function checkSize(content: string) {
  if (content.length > LIMITS.maxFileChars) {
    throw new FilesError(
      413,
      'TOO_LARGE',
      `A file can have at most ${LIMITS.maxFileChars} characters.`,
    );
  }
}

/**
 * Opens the live document as a service, runs `work`, and when it wrote,
 * waits until the collab-server acknowledged the edit, so that the next
 * reader (and the next If-Match check) sees it.
 */
async function withDocument<T>(
  context: AppLoadContext,
  ref: SessionRef,
  work: (doc: Y.Doc) => T,
): Promise<T> {
  const open = await openSessionDocument(context, ref);
  try {
    const result = work(open.doc);
    if (!(await acknowledged(open))) {
      throw new FilesError(
        503,
        'COLLAB_TIMEOUT',
        'The collaboration server did not confirm the write; retry.',
      );
    }
    return result;
  } finally {
    open.close();
  }
}

/**
 * Runs `read` on the live document through the app's kept service
 * connection to the session (a fresh one when none is usable): a read sees
 * every edit the collab-server accepted before it began
 * (collab/service-connections.server.ts). `read` must not write.
 */
function readDocument<T>(
  context: AppLoadContext,
  ref: SessionRef,
  read: (doc: Y.Doc) => T,
): Promise<T> {
  return context.services.sessionDocuments.read(
    ref.sessionId,
    () => openSessionDocument(context, ref),
    read,
  );
}

const filesOf = (doc: Y.Doc) => doc.getMap<Y.Text>(SESSION_DOC.files);
const foldersOf = (doc: Y.Doc) => doc.getMap<boolean>(SESSION_DOC.folders);

/** The workspace tree, from the live document (not the sandbox); only `folder`'s part when given. */
export function listFiles(
  context: AppLoadContext,
  ref: SessionRef,
  folder = '',
): Promise<FileNode[]> {
  return readDocument(context, ref, (doc) =>
    buildFileTree(
      [...filesOf(doc).keys()].filter((path) => isInFolder(folder, path)),
      [...foldersOf(doc).keys()].filter((path) => isInFolder(folder, path)),
    ),
  );
}

/** A file's text and its ETag. */
export function readFile(context: AppLoadContext, ref: SessionRef, rawPath: string) {
  const path = checkedPath(rawPath);
  return readDocument(context, ref, (doc) => {
    const text = filesOf(doc).get(path);
    if (!(text instanceof Y.Text))
      throw new FilesError(404, 'FILE_NOT_FOUND', `There is no file ${path}.`);
    const content = text.toString();
    const etag = etagOf(content);
    rememberVersion(ref.sessionId, path, etag, content);
    return { path, content, etag };
  });
}

/**
 * Replaces a file's text as one minimal edit (only the changed range), so
 * someone typing elsewhere in the file keeps their edits. With If-Match naming
 * an older version, the change is merged onto the current text when the two
 * touched different ranges, and refused with 409 when they overlap (or the
 * older version is unknown); nothing changes on a 409.
 */
export function writeFile(
  context: AppLoadContext,
  ref: SessionRef,
  rawPath: string,
  content: string,
  ifMatch: string | null,
) {
  const path = checkedPath(rawPath);
  checkSize(content);
  return exclusive(ref.sessionId, () =>
    withDocument(context, ref, (doc) => {
      const text = filesOf(doc).get(path);
      if (!(text instanceof Y.Text))
        throw new FilesError(404, 'FILE_NOT_FOUND', `There is no file ${path}.`);
      const current = text.toString();
      let change = diffText(current, content);
      if (!ifMatchAccepts(ifMatch, etagOf(current))) {
        const base = ifMatch ? recallVersion(ref.sessionId, path, ifMatch) : null;
        const merged = base === null ? 'conflict' : mergeOnto(base, current, content);
        if (merged === 'conflict') {
          throw new FilesError(
            409,
            'STALE_ETAG',
            `${path} changed since you read it; read it again and retry.`,
          );
        }
        change = merged;
      }
      if (change) {
        const { index, deleteCount, insert } = change;
        doc.transact(() => {
          if (deleteCount > 0) text.delete(index, deleteCount);
          if (insert) text.insert(index, insert);
        });
      }
      const result = text.toString();
      const etag = etagOf(result);
      rememberVersion(ref.sessionId, path, etag, result);
      return { path, etag, changed: Boolean(change) };
    }),
  );
}

/** Creates a file (with optional content) or an empty folder. */
export function createEntry(
  context: AppLoadContext,
  ref: SessionRef,
  input: { path: string; type: 'file' | 'folder'; content?: string },
) {
  const path = checkedPath(input.path);
  checkSize(input.content ?? '');
  return exclusive(ref.sessionId, () =>
    withDocument(context, ref, (doc) => {
      const files = filesOf(doc);
      const folders = foldersOf(doc);
      const taken =
        files.has(path) ||
        folders.has(path) ||
        [...files.keys()].some((p) => p.startsWith(`${path}/`));
      if (taken) throw new FilesError(409, 'EXISTS', `${path} already exists.`);
      for (const parent of parentFolders(path)) {
        if (files.has(parent))
          throw new FilesError(409, 'PARENT_IS_FILE', `${parent} is a file, not a folder.`);
      }
      if (input.type === 'file' && files.size >= LIMITS.maxFilesPerSession) {
        throw new FilesError(
          413,
          'TOO_MANY_FILES',
          `A session can have at most ${LIMITS.maxFilesPerSession} files.`,
        );
      }
      doc.transact(() => {
        if (input.type === 'folder') folders.set(path, true);
        else files.set(path, new Y.Text(input.content ?? ''));
      });
      return {
        path,
        type: input.type,
        etag: input.type === 'file' ? etagOf(input.content ?? '') : null,
      };
    }),
  );
}

/** Deletes a file, or a folder with everything in it, in one transaction. */
export function deleteEntry(
  context: AppLoadContext,
  ref: SessionRef,
  rawPath: string,
  ifMatch: string | null,
) {
  const path = checkedPath(rawPath);
  return exclusive(ref.sessionId, () =>
    withDocument(context, ref, (doc) => {
      const files = filesOf(doc);
      const folders = foldersOf(doc);
      const file = files.get(path);
      if (file instanceof Y.Text) {
        if (!ifMatchAccepts(ifMatch, etagOf(file.toString()))) {
          throw new FilesError(
            409,
            'STALE_ETAG',
            `${path} changed since you read it; read it again and retry.`,
          );
        }
        doc.transact(() => files.delete(path));
        return { path, deleted: 1 };
      }
      const inside = [...files.keys()].filter((p) => p.startsWith(`${path}/`));
      const emptyFolders = [...folders.keys()].filter(
        (p) => p === path || p.startsWith(`${path}/`),
      );
      if (inside.length === 0 && emptyFolders.length === 0) {
        throw new FilesError(404, 'FILE_NOT_FOUND', `There is no file or folder ${path}.`);
      }
      doc.transact(() => {
        for (const p of inside) files.delete(p);
        for (const p of emptyFolders) folders.delete(p);
      });
      return { path, deleted: inside.length };
    }),
  );
}
