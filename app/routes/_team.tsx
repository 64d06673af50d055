import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { requireMember } from '#app/auth/guards.server.ts';

/** The hiring team's shell: navigation, organization and user. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  return json({ user: member.user, organization: member.organization, role: member.role });
}

const links = [
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/candidates', label: 'Candidates' },
  { to: '/assessments', label: 'Assessments' },
  { to: '/questions', label: 'Question bank' },
  { to: '/settings/team', label: 'Team' },
  { to: '/outbox', label: 'Outbox' },
];

export default function TeamLayout() {
  const { user, organization, role } = useLoaderData<typeof loader>();
  return (
    <div className="team-shell">
      <header className="team-header">
        <a href="/dashboard" className="brand">
          Tandem
        </a>
        <span className="muted">{organization.name}</span>
        <nav>
          {links.map((link) => (
            <NavLink key={link.to} to={link.to} prefetch="intent">
              {link.label}
            </NavLink>
          ))}
        </nav>
        <div className="user">
          <span title={user.email}>
            {user.name} <span className="badge">{role}</span>
          </span>
          <Form method="post" action="/logout">
            <button type="submit" className="secondary small">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <main className="team-main">
        <Outlet />
      </main>
    </div>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
