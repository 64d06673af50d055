import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { isSetupToken } from '#app/setup/first-run.server.ts';
import { createOwner, hasNoUsers, OwnerError } from '#db/owners.ts';

export const meta: MetaFunction = () => [{ title: 'Set up Tandem' }];

type ActionData = { error: { code: string; message: string } };

/** The first-run page: open only while the database has no user, and only with the setup key from the log. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { database, config } = context.services;
  if (!(await hasNoUsers(database.db))) {
    return json({ closed: true, token: null, valid: false }, { status: 403 });
  }
  const token = new URL(request.url).searchParams.get('token');
  return json({ closed: false, token, valid: isSetupToken(config.TANDEM_SECRET, token) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { database, config, auth } = context.services;
  const form = await request.formData();
  if (!isSetupToken(config.TANDEM_SECRET, String(form.get('token') ?? ''))) {
    return json<ActionData>(
      {
        error: {
          code: 'SETUP_TOKEN_INVALID',
          message: 'Open the setup link from the server log (it holds the setup key).',
        },
      },
      { status: 403 },
    );
  }
  const email = String(form.get('email') ?? '');
  const password = String(form.get('password') ?? '');
  try {
    await createOwner(database.db, {
      email,
      password,
      name: String(form.get('name') ?? ''),
      organizationName: String(form.get('organization') ?? ''),
      onlyIfNoUsers: true,
    });
  } catch (error) {
    if (!(error instanceof OwnerError)) throw error;
    const status = error.code === 'SETUP_CLOSED' ? 403 : 400;
    return json<ActionData>({ error: { code: error.code, message: error.message } }, { status });
  }
  context.services.logger.info({ event: 'first-owner-created' }, 'first owner created on /setup');
  const response = await auth.api.signInEmail({
    body: { email: email.trim().toLowerCase(), password },
    headers: request.headers,
    asResponse: true,
  });
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
  throw redirect(response.ok ? '/dashboard' : '/login', { headers });
}

export default function Setup() {
  const { closed, token, valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  return (
    <main id="main" className="auth-page">
      <h1>Set up Tandem</h1>
      {closed ? (
        <p className="muted">
          This server already has users: ask an owner to invite you, or{' '}
          <Link to="/login">sign in</Link>.
        </p>
      ) : valid ? (
        <p className="muted">
          Nobody has an account on this server yet. Create the first owner: you can invite your team
          from the settings afterwards.
        </p>
      ) : (
        <p className="form-error" role="alert">
          Open this page with the setup link from the server log (it holds the setup key), or create
          the owner with <code>npm run admin -- create-owner --email ADDRESS</code>.
        </p>
      )}
      {result?.error && !closed ? (
        <p className="form-error" role="alert">
          {result.error.message}
        </p>
      ) : null}
      {valid ? (
        <Form method="post" className="stack">
          <input type="hidden" name="token" value={token ?? ''} />
          <label>
            Your name
            <input name="name" autoComplete="name" required />
          </label>
          <label>
            E-mail
            <input name="email" type="email" autoComplete="email" required />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={8}
              required
            />
          </label>
          <label>
            Organization
            <input name="organization" autoComplete="organization" required />
          </label>
          <button type="submit" disabled={busy}>
            Create the owner
          </button>
        </Form>
      ) : null}
    </main>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
