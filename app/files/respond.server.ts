import { CollabError } from '../collab/session-document.server.ts';
import { apiError } from '../utils/responses.server.ts';
import { FilesError } from './errors.server.ts';

/** Runs a files API handler; refusals become `{ error: { code, message } }` with their status. */
export async function filesResponse(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof FilesError) return apiError(error.status, error.code, error.message);
    if (error instanceof CollabError) {
      return apiError(
        503,
        error.code,
        'The collaboration server is unavailable; retry in a moment.',
      );
    }
    throw error;
  }
}
