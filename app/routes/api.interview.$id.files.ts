import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from '@remix-run/node';
import { resolveFilesAccess } from '#app/files/access.server.ts';
import { createFileInput } from '#app/files/create-input.ts';
import { FilesError } from '#app/files/errors.server.ts';
import { filesResponse } from '#app/files/respond.server.ts';
import { createEntry, listFiles } from '#app/files/session-files.server.ts';

/**
 * GET /api/interview/:id/files — the workspace tree, from the live session
 * document, with the session's problems; `?problem=<position>` gives only
 * that problem's folder.
 */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return filesResponse(async () => {
    const access = await resolveFilesAccess(request, context, params.id ?? '');
    const wanted = new URL(request.url).searchParams.get('problem');
    const problem =
      wanted === null ? null : access.problems.find((entry) => String(entry.position) === wanted);
    if (wanted !== null && !problem) {
      throw new FilesError(
        404,
        'NO_SUCH_PROBLEM',
        `This interview has no problem ${wanted}; positions run from 0 to ${access.problems.length - 1}.`,
      );
    }
    return json(
      {
        files: await listFiles(context, access.ref, problem?.folder ?? ''),
        problems: access.problems,
      },
      { headers: { 'cache-control': 'no-store' } },
    );
  });
}

/** POST /api/interview/:id/files — create a file (with optional content) or a folder. */
export function action({ request, params, context }: ActionFunctionArgs) {
  return filesResponse(async () => {
    if (request.method !== 'POST')
      throw new FilesError(405, 'METHOD_NOT_ALLOWED', 'Use POST to create.');
    const access = await resolveFilesAccess(request, context, params.id ?? '');
    if (!access.canWrite)
      throw new FilesError(403, 'READ_ONLY', 'This workspace is read-only for you.');
    const parsed = createFileInput.safeParse(await request.json().catch(() => null));
    if (!parsed.success) {
      throw new FilesError(
        400,
        'BAD_REQUEST',
        'Send { "path": "...", "type": "file" | "folder", "content"?: "..." }.',
      );
    }
    const created = await createEntry(context, access.ref, parsed.data);
    return json(created, { status: 201, headers: created.etag ? { etag: created.etag } : {} });
  });
}
