import type { AppLoadContext } from '@remix-run/node';
import { isSessionOpen } from '../../protocol/sessions.ts';
import { TokenError, verifySessionToken } from '../../protocol/tokens.ts';
import { getSignedInUser, roleInOrganization } from '../auth/guards.server.ts';
import type { SessionRef } from '../collab/session-document.server.ts';
import { holdsCandidate } from '../interview/candidate-cookie.server.ts';
import { FilesError } from './errors.server.ts';
import { loadFilesInterview } from './files-interview.server.ts';

export interface FilesAccess {
  ref: SessionRef;
  /** Who writes, for logs: 'candidate', 'service', … */
  actor: string;
  canWrite: boolean;
  /** The session's problems in order and their folders (decision 021). */
  problems: Array<{ position: number; title: string; folder: string }>;
}

/**
 * Who may use a session's files: the candidate (their cookie, or a session
 * token of theirs) writes while the session is open; members of the owning
 * organization read; a service token of the session writes. A token for
 * another session is refused, whatever it says.
 */
export async function resolveFilesAccess(
  request: Request,
  context: AppLoadContext,
  candidateId: string,
): Promise<FilesAccess> {
  const interview = await loadFilesInterview(context.services.database.db, candidateId);
  if (!interview) throw new FilesError(404, 'NOT_FOUND', 'No such interview.');
  const session = interview.session;
  if (!session)
    throw new FilesError(
      409,
      'NOT_STARTED',
      'The interview has not started; there are no files yet.',
    );
  const ref = { sessionId: session.id, organizationId: interview.organizationId };
  const open = isSessionOpen(session.status);
  const { problems } = interview;

  const header = request.headers.get('authorization');
  if (header?.startsWith('Bearer ')) {
    let claims: Awaited<ReturnType<typeof verifySessionToken>>;
    try {
      claims = await verifySessionToken(header.slice(7), context.services.config.TANDEM_SECRET);
    } catch (error) {
      if (error instanceof TokenError) throw new FilesError(401, error.code, error.message);
      throw error;
    }
    if (claims.sessionId !== session.id || claims.organizationId !== ref.organizationId) {
      throw new FilesError(403, 'WRONG_SESSION', 'This token belongs to another session.');
    }
    if (claims.role === 'candidate' && claims.subject !== candidateId) {
      throw new FilesError(403, 'WRONG_SESSION', 'This token belongs to another candidate.');
    }
    const writer = claims.role === 'service' || claims.role === 'candidate';
    return {
      ref,
      problems,
      actor: claims.role,
      canWrite: writer && (open || claims.role === 'service'),
    };
  }

  if (await holdsCandidate(request, context, candidateId)) {
    return { ref, problems, actor: 'candidate', canWrite: open };
  }
  const signedIn = await getSignedInUser(request, context);
  if (signedIn) {
    if (await roleInOrganization(context, signedIn.user.id, ref.organizationId)) {
      return { ref, problems, actor: 'member', canWrite: false };
    }
    // Another organization's interview does not exist, as far as this user can tell.
    throw new FilesError(404, 'NOT_FOUND', 'No such interview.');
  }
  throw new FilesError(403, 'FORBIDDEN', 'These files are not yours to open.');
}
