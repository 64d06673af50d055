import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

/** The error boundary every page uses: what went wrong, in a sentence, and a way on. */
export function RouteError() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === 'string' && error.data
      ? error.data
      : // A thrown apiError(): { error: { code, message } }.
        ((error.data as { error?: { message?: string } } | null)?.error?.message ??
        error.statusText)
    : 'Something went wrong on our side. Try again; if it keeps happening, tell your Tandem admin.';
  const title =
    status === 404
      ? 'Not found'
      : status === 403
        ? 'Not allowed'
        : status === 401
          ? 'Please sign in'
          : 'Something went wrong';
  return (
    <div className="card route-error" role="alert">
      <h2>{title}</h2>
      <p>{message}</p>
      <p className="row">
        {status >= 500 ? (
          // Only a server-side failure can go away by itself; a 4xx would answer the same again.
          <button type="button" className="secondary" onClick={() => window.location.reload()}>
            Try again
          </button>
        ) : null}
        <Link to="/dashboard">Back to the dashboard</Link>
      </p>
    </div>
  );
}
