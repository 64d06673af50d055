import type { LinksFunction } from '@remix-run/node';
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
import { useNonce } from './utils/nonce.ts';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

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

export function ErrorBoundary() {
  const error = useRouteError();
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
    <main className="error-page">
      <h1>{title}</h1>
      {detail ? <p>{detail}</p> : null}
      <a href="/">Back to Tandem</a>
    </main>
  );
}
