import { isRouteErrorResponse, useRouteError } from '@remix-run/react';

/** The route error boundary of both workspace pages: what happened and what to do. */
export function WorkspaceError({ what }: { what: string }) {
  const error = useRouteError();
  let title = `The ${what} could not be opened`;
  let detail =
    'Something went wrong on our side. Reload the page; if it keeps happening, tell the hiring team.';
  if (isRouteErrorResponse(error)) {
    if (typeof error.data === 'string' && error.data) detail = error.data;
    if (error.status === 404) title = 'Not found';
    if (error.status === 403) title = 'Not allowed';
  } else if (error instanceof Error && error.message) {
    detail = error.message;
  }
  return (
    <main id="main" className="error-page" role="alert">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p className="row">
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
        <a href="/">Back to Tandem</a>
      </p>
    </main>
  );
}
