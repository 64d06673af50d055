import { type ActionFunctionArgs, redirect } from '@remix-run/node';

export async function action({ request, context }: ActionFunctionArgs) {
  const response = await context.services.auth.api.signOut({
    headers: request.headers,
    asResponse: true,
  });
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return redirect('/login', { headers });
}

export async function loader() {
  return redirect('/');
}
