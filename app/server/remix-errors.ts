import type { ServerBuild } from '@remix-run/node';
import type { Logger } from '../../protocol/logger.ts';

/** The shape of Remix's ErrorResponse (a thrown Response, or "No route matches URL"). */
interface RouteErrorResponse {
  status: number;
  statusText: string;
  internal: boolean;
  error?: unknown;
}

function isRouteErrorResponse(error: unknown): error is RouteErrorResponse {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number' &&
    'statusText' in error &&
    'internal' in error
  );
}

/**
 * The server build with a `handleError` that logs through pino. Remix's own
 * logs every error with console.error, as plain text with a stack, including
 * "No route matches URL" for each unknown path (a browser's /favicon.ico).
 * A 4xx is what the client asked for, not a server error: the access log
 * already records its status, so it is logged at debug only. Requests the
 * client aborted are not logged.
 */
export function withErrorLogging(build: ServerBuild, logger: Logger): ServerBuild {
  const handleError = (error: unknown, { request }: { request: Request }) => {
    if (request.signal.aborted) return;
    const path = new URL(request.url).pathname;
    if (isRouteErrorResponse(error) && error.status < 500) {
      logger.debug({ status: error.status, path }, error.statusText || 'client error');
      return;
    }
    const err = isRouteErrorResponse(error) && error.error ? error.error : error;
    logger.error({ err, path }, 'request failed');
  };
  return { ...build, entry: { ...build.entry, module: { ...build.entry.module, handleError } } };
}
