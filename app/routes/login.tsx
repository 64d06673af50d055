import {
  type ActionFunctionArgs,
  type HeadersFunction,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import { eq } from 'drizzle-orm';
import { configuredProviders } from '#app/auth/auth.server.ts';
import { getSignedInUser } from '#app/auth/guards.server.ts';
import { safeRedirect } from '#app/auth/safe-redirect.ts';
import {
  recordSignInFailure,
  signInRetryAfter,
  throttledMessage,
} from '#app/auth/sign-in-throttle.server.ts';
import { users } from '#db/schema/index.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in — Tandem' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getSignedInUser(request, context)) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  }
  return json({ providers: configuredProviders(context.services.config) });
}

type ActionData = { error?: string; sent?: string };

/** A throttled sign-in's Retry-After reaches the browser (Remix drops action headers otherwise). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('retry-after');
  const headers = new Headers();
  if (retryAfter) headers.set('retry-after', retryAfter);
  return headers;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get('intent');
  const email = String(form.get('email') ?? '')
    .trim()
    .toLowerCase();
  const redirectTo = safeRedirect(form.get('redirectTo'));
  const { auth } = context.services;

  if (intent === 'social') {
    const provider = String(form.get('provider'));
    const result = await auth.api.signInSocial({
      body: { provider: provider as 'github' | 'google', callbackURL: redirectTo },
      headers: request.headers,
    });
    if (result && 'url' in result && result.url) throw redirect(result.url);
    return json<ActionData>({ error: 'That sign-in provider is not available.' }, { status: 400 });
  }

  if (!email.includes('@')) {
    return json<ActionData>({ error: 'Enter your e-mail address.' }, { status: 400 });
  }

  const db = context.services.database.db;
  const attempt = { email, address: context.clientAddress ?? 'unknown' };
  const retryAfter = await signInRetryAfter(db, attempt);
  if (retryAfter !== null) {
    return json<ActionData>(
      { error: throttledMessage(retryAfter) },
      { status: 429, headers: { 'retry-after': String(retryAfter) } },
    );
  }

  if (intent === 'magic-link') {
    // Every request counts: each one sends an e-mail.
    await recordSignInFailure(db, attempt);
    // Only existing accounts get mail (no spam relay); the answer is the same either way.
    const [known] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (known) {
      await auth.api
        .signInMagicLink({ body: { email, callbackURL: redirectTo }, headers: request.headers })
        .catch(() => null);
    }
    // Same answer whether or not the address has an account.
    return json<ActionData>({ sent: email });
  }

  const password = String(form.get('password') ?? '');
  const response = await auth.api.signInEmail({
    body: { email, password },
    headers: request.headers,
    asResponse: true,
  });
  if (!response.ok) {
    await recordSignInFailure(db, attempt);
    return json<ActionData>({ error: 'Wrong e-mail or password.' }, { status: 401 });
  }
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
  throw redirect(redirectTo, { headers });
}

export default function Login() {
  const { providers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const redirectTo = safeRedirect(params.get('redirectTo'));
  return (
    <main id="main" className="auth-page">
      <h1>Sign in to Tandem</h1>
      <p className="muted">For hiring teams. Candidates use the link in their invitation e-mail.</p>
      {result?.error ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.sent ? (
        <p className="form-ok" role="status">
          If {result.sent} has an account, a sign-in link is on its way.
        </p>
      ) : null}
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label>
          E-mail
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" />
        </label>
        <div className="row">
          <button type="submit" name="intent" value="password" disabled={busy}>
            Sign in
          </button>
          <button
            type="submit"
            name="intent"
            value="magic-link"
            className="secondary"
            disabled={busy}
          >
            E-mail me a link
          </button>
        </div>
      </Form>
      {providers.length > 0 ? (
        <Form method="post" className="row social">
          <input type="hidden" name="intent" value="social" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {providers.map((provider) => (
            <button
              key={provider}
              type="submit"
              name="provider"
              value={provider}
              className="secondary"
            >
              Continue with {provider === 'github' ? 'GitHub' : 'Google'}
            </button>
          ))}
        </Form>
      ) : null}
    </main>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
