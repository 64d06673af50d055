import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData, useLocation } from '@remix-run/react';
import { useEffect, useState } from 'react';
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
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  // Following a link closes the small-screen menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => setMenuOpen(false), [pathname]);
  return (
    <div className="team-shell">
      <header className={`team-header${menuOpen ? ' menu-open' : ''}`}>
        <a href="/dashboard" className="brand">
          Tandem
        </a>
        <span className="muted organization">{organization.name}</span>
        <button
          type="button"
          className="secondary small menu-button"
          aria-expanded={menuOpen}
          aria-controls="team-navigation"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? 'Close menu' : 'Menu'}
        </button>
        <nav id="team-navigation" aria-label="Main">
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
      <main id="main" className="team-main">
        <Outlet />
      </main>
    </div>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
