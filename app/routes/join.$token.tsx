import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getSignedInUser, setActiveOrganization } from '#app/auth/guards.server.ts';
import { acceptMemberInvitation, findMemberInvitation } from '#app/team/join.server.ts';

export const meta: MetaFunction = () => [{ title: 'Join a team — Tandem' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = await findMemberInvitation(context.services.database.db, params.token ?? '');
  if (!found) {
    return json(
      { valid: false as const, organizationName: '', email: '', role: '', signedInAs: null },
      { status: 410 },
    );
  }
  const signedIn = await getSignedInUser(request, context);
  return json({
    valid: true as const,
    organizationName: found.organizationName,
    email: found.invitation.email,
    role: found.invitation.role,
    signedInAs: signedIn?.user.email ?? null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? '';
  const db = context.services.database.db;
  const found = await findMemberInvitation(db, token);
  if (!found) return json({ error: 'This invitation is no longer valid.' }, { status: 410 });
  const form = await request.formData();
  const headers = new Headers();
  let user = (await getSignedInUser(request, context))?.user ?? null;

  if (!user) {
    const password = String(form.get('password') ?? '');
    const intent = form.get('intent');
    const response =
      intent === 'signup'
        ? await context.services.auth.api.signUpEmail({
            body: {
              email: found.invitation.email,
              password,
              name: String(form.get('name') ?? '').trim() || found.invitation.email,
            },
            headers: request.headers,
            asResponse: true,
          })
        : await context.services.auth.api.signInEmail({
            body: { email: found.invitation.email, password },
            headers: request.headers,
            asResponse: true,
          });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      return json(
        { error: body?.message ?? 'That did not work; check the password.' },
        { status: 400 },
      );
    }
    for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
    const body = (await response.json()) as { user: { id: string; email: string } };
    user = { id: body.user.id, email: body.user.email, name: '' };
  }

  const outcome = await acceptMemberInvitation(db, token, user);
  if (outcome === 'wrong-user') {
    return json(
      { error: `This invitation is for ${found.invitation.email}; sign out and use that account.` },
      { status: 403 },
    );
  }
  if (outcome === 'invalid')
    return json({ error: 'This invitation is no longer valid.' }, { status: 410 });
  await setActiveOrganization(context, user.id, found.invitation.organizationId);
  throw redirect('/dashboard', { headers });
}

export default function Join() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  if (!data.valid) {
    return (
      <main id="main" className="auth-page">
        <h1>Invitation unavailable</h1>
        <p>This invitation was used, revoked or has expired. Ask an admin for a new one.</p>
      </main>
    );
  }
  return (
    <main id="main" className="auth-page">
      <h1>Join {data.organizationName}</h1>
      <p className="muted">
        You were invited as <strong>{data.role}</strong> ({data.email}).
      </p>
      {result?.error ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {data.signedInAs ? (
        <Form method="post">
          <p>Signed in as {data.signedInAs}.</p>
          <button type="submit" disabled={busy}>
            Accept and join
          </button>
        </Form>
      ) : (
        <Form method="post" className="stack">
          <label>
            Your name (new account)
            <input name="name" autoComplete="name" />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              required
              minLength={8}
              autoComplete="new-password"
            />
          </label>
          <div className="row">
            <button type="submit" name="intent" value="signup" disabled={busy}>
              Create account and join
            </button>
            <button
              type="submit"
              name="intent"
              value="signin"
              className="secondary"
              disabled={busy}
            >
              I have an account
            </button>
          </div>
        </Form>
      )}
    </main>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
