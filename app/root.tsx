import type { LinksFunction, MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useNavigation,
  useRouteError,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import styles from './styles/app.css';
import tokens from './styles/tokens.css';
import { useNonce } from './utils/nonce.ts';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: tokens },
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.ico', sizes: '32x32' },
  { rel: 'icon', href: '/icon.svg', type: 'image/svg+xml' },
  { rel: 'apple-touch-icon', href: '/apple-touch-icon.png' },
  { rel: 'manifest', href: '/site.webmanifest' },
];

/** The title of pages that set none, and of the root error pages. */
export const meta: MetaFunction = ({ error }) => [
  {
    title:
      isRouteErrorResponse(error) && error.status === 404
        ? 'Page not found — Tandem'
        : error
          ? 'Something went wrong — Tandem'
          : 'Tandem',
  },
];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** A thin bar at the top while a page loads, so a slow navigation never looks frozen. */
function NavigationProgress() {
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  return (
    <div
      className={`navigation-progress${busy ? ' active' : ''}`}
      role="progressbar"
      aria-hidden={!busy}
    />
  );
}

export default function App() {
  return (
    <>
      <NavigationProgress />
      <Outlet />
    </>
  );
}

/** The page for an address that matches nothing, instead of the router's own message. */
function NotFoundPage() {
  return (
    <main id="main" className="error-page">
      <p className="error-code">404</p>
      <h1>This page does not exist</h1>
      <p className="muted">
        The address may be mistyped, or the page was moved or deleted. Check the link you followed,
        or start again from one of these:
      </p>
      <p className="row">
        <a className="button" href="/dashboard">
          Go to the dashboard
        </a>
        <a className="button secondary" href="/">
          Tandem home
        </a>
      </p>
    </main>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const title = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : 'Something went wrong';
  const detail = isRouteErrorResponse(error)
    ? typeof error.data === 'string'
      ? error.data
      : // A thrown apiError(): { error: { code, message } }.
        String((error.data as { error?: { message?: unknown } } | null)?.error?.message ?? '')
    : error instanceof Error
      ? error.message
      : '';
  return (
    <main id="main" className="error-page">
      <h1>{title}</h1>
      {detail ? <p>{detail}</p> : null}
      <a href="/">Back to Tandem</a>
    </main>
  );
}
