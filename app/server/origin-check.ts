import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** The origin (`scheme://host[:port]`) of a URL, or null when it is not one. */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Refuses state-changing requests a browser sent from another site (CSRF):
 * the Origin header, or without one the Referer, must be the app's own origin
 * (PUBLIC_URL, or the host the request was addressed to, e.g. 127.0.0.1 when
 * PUBLIC_URL says localhost). A request with neither header is not a browser's
 * cross-site request (browsers send Origin on every cross-origin POST), so
 * scripts and server-to-server clients keep working.
 */
export function originCheck(publicUrl: string) {
  const publicOrigin = originOf(publicUrl);
  return (request: Request, response: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(request.method)) return next();
    const claimed = request.headers.origin ?? request.headers.referer;
    if (claimed === undefined) return next();
    const origin = originOf(claimed);
    const host = request.headers.host;
    const sameHost = origin !== null && host !== undefined && new URL(origin).host === host;
    if (origin !== null && (origin === publicOrigin || sameHost)) return next();
    response.status(403).json({
      error: {
        code: 'CROSS_ORIGIN',
        message: `Requests that change data must come from this site (${publicOrigin ?? host}); this one came from ${claimed}.`,
      },
    });
  };
}
