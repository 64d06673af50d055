import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from '@remix-run/node';
import { resolveFilesAccess } from '#app/files/access.server.ts';
import { FilesError } from '#app/files/errors.server.ts';
import { filesResponse } from '#app/files/respond.server.ts';
import { deleteEntry, readFile, writeFile } from '#app/files/session-files.server.ts';
import { LIMITS } from '#protocol/limits.ts';

/** GET /api/interview/:id/files/*path — a file's text (text/plain) with its ETag. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return filesResponse(async () => {
    const access = await resolveFilesAccess(request, context, params.id ?? '');
    const file = await readFile(context, access.ref, params['*'] ?? '');
    if (request.headers.get('if-none-match') === file.etag) {
      return new Response(null, { status: 304, headers: { etag: file.etag } });
    }
    return new Response(file.content, {
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        etag: file.etag,
        'cache-control': 'no-cache',
      },
    });
  });
}

/**
 * PUT /api/interview/:id/files/*path — replace a file's text (a minimal edit,
 * origin `api`); `If-Match` makes it conditional (409 when stale).
 * DELETE — remove a file or a folder with its contents.
 */
export function action({ request, params, context }: ActionFunctionArgs) {
  return filesResponse(async () => {
    const access = await resolveFilesAccess(request, context, params.id ?? '');
    if (!access.canWrite)
      throw new FilesError(403, 'READ_ONLY', 'This workspace is read-only for you.');
    const path = params['*'] ?? '';
    const ifMatch = request.headers.get('if-match');
    if (request.method === 'PUT') {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > LIMITS.maxFileChars * 4) {
        throw new FilesError(
          413,
          'TOO_LARGE',
          `A file can have at most ${LIMITS.maxFileChars} characters.`,
        );
      }
      const written = await writeFile(context, access.ref, path, await request.text(), ifMatch);
      return json(written, { headers: { etag: written.etag } });
    }
    if (request.method === 'DELETE') {
      return json(await deleteEntry(context, access.ref, path, ifMatch));
    }
    throw new FilesError(405, 'METHOD_NOT_ALLOWED', 'Use GET, PUT or DELETE on a file.');
  });
}
