import { HocuspocusProvider } from '@hocuspocus/provider';
import type { AppLoadContext } from '@remix-run/node';
import * as Y from 'yjs';
import { loadDocumentState } from '../../db/history/document-state.ts';
import { SESSION_DOC, sessionDocumentName } from '../../protocol/documents.ts';
import { withRequestIdParam } from '../../protocol/request-id.ts';
import { mintSessionToken } from '../interview/session-tokens.server.ts';

export interface SessionRef {
  sessionId: string;
  organizationId: string;
}

export interface OpenSessionDocument {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  close(): void;
}

export type CollabErrorCode = 'COLLAB_UNREACHABLE' | 'COLLAB_REFUSED';

export class CollabError extends Error {
  readonly code: CollabErrorCode;
  constructor(code: CollabErrorCode, message: string) {
    super(message);
    this.name = 'CollabError';
    this.code = code;
  }
}

/**
 * Waits until the collab-server has acknowledged every change this
 * connection made; false when it has not within `timeoutMs`. Writers call
 * it before closing, so that the next reader sees their change.
 */
export async function acknowledged(
  open: Pick<OpenSessionDocument, 'provider'>,
  timeoutMs = 5000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (open.provider.hasUnsyncedChanges) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/**
 * Opens the live session document through the collab-server as a service
 * (the app never reads a stale copy when the live one is reachable).
 */
export async function openSessionDocument(
  context: AppLoadContext,
  ref: SessionRef,
  timeoutMs = 5000,
): Promise<OpenSessionDocument> {
  const token = await mintSessionToken(
    context,
    { ...ref, subject: 'app', role: 'service', name: 'Tandem' },
    300,
  );
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    // A provider sends no custom headers: the request id rides on the URL,
    // where the collab-server's onConnect reads it for its connection lines.
    url: withRequestIdParam(context.services.config.COLLAB_URL, context.services.requestId()),
    name: sessionDocumentName(ref.sessionId),
    document: doc,
    token,
  });
  const close = () => {
    provider.destroy();
    doc.destroy();
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      close();
      reject(
        new CollabError('COLLAB_UNREACHABLE', 'The collaboration server did not answer in time.'),
      );
    }, timeoutMs);
    provider.on('synced', () => {
      clearTimeout(timer);
      resolve();
    });
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
      clearTimeout(timer);
      close();
      reject(
        new CollabError('COLLAB_REFUSED', `The collaboration server refused the app: ${reason}`),
      );
    });
  });
  return { doc, provider, close };
}

/** Path → text of every file in a session document. */
export function filesOf(doc: Y.Doc): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, text] of doc.getMap<Y.Text>(SESSION_DOC.files)) files[path] = text.toString();
  return files;
}

/**
 * The session's files as they are now: live from the collab-server, or from
 * the database (stored state and history log) when it cannot be reached.
 */
export async function readSessionFiles(
  context: AppLoadContext,
  ref: SessionRef,
): Promise<{ files: Record<string, string>; source: 'live' | 'stored' }> {
  try {
    const open = await openSessionDocument(context, ref);
    try {
      return { files: filesOf(open.doc), source: 'live' };
    } finally {
      open.close();
    }
  } catch (error) {
    context.services.logger.warn(
      { err: error, sessionId: ref.sessionId },
      'reading the stored session document',
    );
    const state = await loadDocumentState(
      context.services.database.db,
      sessionDocumentName(ref.sessionId),
    );
    const doc = new Y.Doc();
    if (state) Y.applyUpdate(doc, state);
    const files = filesOf(doc);
    doc.destroy();
    return { files, source: 'stored' };
  }
}
