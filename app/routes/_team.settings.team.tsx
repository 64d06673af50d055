import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { fieldErrors } from '#app/assessments/assessments.server.ts';
import { requireMember } from '#app/auth/guards.server.ts';
import { CopyLink } from '#app/components/ui/CopyLink.tsx';
import { FieldError, fieldErrorProps } from '#app/components/ui/FieldError.tsx';
import { LocalTime } from '#app/components/ui/LocalTime.tsx';
import {
  changeMemberRole,
  inviteMember,
  memberInviteInput,
  removeMember,
  renameOrganization,
  revokeMemberInvitation,
  teamOverview,
} from '#app/team/members.server.ts';
import { hasMemberRole, MEMBER_ROLES, type MemberRole } from '#protocol/roles.ts';

export const meta: MetaFunction = () => [{ title: 'Team — Tandem' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  const overview = await teamOverview(context.services.database.db, member.organization.id);
  return json({
    ...overview,
    organization: member.organization,
    me: { userId: member.user.id, role: member.role },
    canManage: hasMemberRole(member.role, 'admin'),
  });
}

export async function action(args: ActionFunctionArgs) {
  try {
    return await runAction(args);
  } catch (error) {
    // Refusals (last owner, missing role) come back as a message on the page.
    if (error instanceof Response && error.status < 500 && error.status !== 302) {
      return json({ notice: null, error: await error.text() }, { status: error.status });
    }
    throw error;
  }
}

async function runAction({ request, context }: ActionFunctionArgs) {
  const actor = await requireMember(request, context, 'admin');
  const db = context.services.database.db;
  const form = await request.formData();
  switch (form.get('intent')) {
    case 'rename':
      await renameOrganization(db, actor, String(form.get('name') ?? ''));
      return json({ notice: 'Organization renamed.', error: null });
    case 'invite': {
      const parsed = memberInviteInput.safeParse({
        email: form.get('email'),
        role: form.get('role'),
      });
      if (!parsed.success)
        return json(
          { notice: null, error: null, errors: fieldErrors(parsed.error) },
          { status: 400 },
        );
      const { emailStatus, link } = await inviteMember(context, actor, parsed.data);
      return json({
        notice:
          emailStatus === 'sent'
            ? `Invitation sent to ${parsed.data.email}.`
            : `Invitation for ${parsed.data.email} is in the outbox.`,
        error: null,
        link,
      });
    }
    case 'role': {
      const role = String(form.get('role'));
      if (!(MEMBER_ROLES as readonly string[]).includes(role)) {
        return json({ notice: null, error: 'Unknown role.' }, { status: 400 });
      }
      await changeMemberRole(db, actor, String(form.get('membershipId')), role as MemberRole);
      return json({ notice: 'Role changed.', error: null });
    }
    case 'remove':
      await removeMember(db, actor, String(form.get('membershipId')));
      return json({ notice: 'Member removed.', error: null });
    case 'revoke-invitation':
      await revokeMemberInvitation(db, actor, String(form.get('invitationId')));
      return json({ notice: 'Invitation revoked.', error: null });
    default:
      return json({ notice: null, error: 'Unknown action.' }, { status: 400 });
  }
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';

export default function Team() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const inviteForm = useRef<HTMLFormElement>(null);
  const errors = result && 'errors' in result ? result.errors : null;
  const link = result && 'link' in result && typeof result.link === 'string' ? result.link : null;
  // A sent invitation clears the form for the next one.
  useEffect(() => {
    if (link) inviteForm.current?.reset();
  }, [link]);
  const assignable = MEMBER_ROLES.filter((role) => role !== 'owner' || data.me.role === 'owner');
  return (
    <>
      <div className="page-header">
        <h1>Team</h1>
      </div>
      {result?.notice ? (
        <div className="form-ok" role="status">
          <p>{result.notice}</p>
          {link ? <CopyLink link={link} label="Invitation link for the new member" /> : null}
        </div>
      ) : null}
      {result?.error ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      <div className="grid-2">
        <section className="card">
          <h2>Organization</h2>
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="rename" />
            <input
              name="name"
              aria-label="Organization name"
              defaultValue={data.organization.name}
              disabled={!data.canManage}
            />
            {data.canManage ? (
              <button type="submit" className="secondary" disabled={busy}>
                Rename
              </button>
            ) : null}
          </Form>
        </section>
        {data.canManage ? (
          <section className="card">
            <h2>Invite a member</h2>
            <Form ref={inviteForm} method="post" className="row invite-member" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <span className="field">
                <input
                  name="email"
                  type="email"
                  placeholder="name@company.com"
                  aria-label="E-mail"
                  {...fieldErrorProps('email', errors)}
                />
                <FieldError name="email" errors={errors} />
              </span>
              <select name="role" aria-label="Role" defaultValue="interviewer">
                {assignable.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={busy}>
                Invite
              </button>
            </Form>
          </section>
        ) : null}
      </div>
      <section className="card">
        <h2>Members</h2>
        <table className="data">
          <thead>
            <tr>
              <th>Name</th>
              <th>E-mail</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.members.map((member) => (
              <tr key={member.id}>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>
                  {data.canManage && (member.role !== 'owner' || data.me.role === 'owner') ? (
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="membershipId" value={member.id} />
                      <select
                        name="role"
                        defaultValue={member.role}
                        aria-label={`Role of ${member.name}`}
                      >
                        {assignable.map((role) => (
                          <option key={role} value={role}>
                            {role}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="secondary small" disabled={busy}>
                        Save
                      </button>
                    </Form>
                  ) : (
                    <span className="badge">{member.role}</span>
                  )}
                </td>
                <td>
                  {data.canManage &&
                  member.userId !== data.me.userId &&
                  (member.role !== 'owner' || data.me.role === 'owner') ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="membershipId" value={member.id} />
                      <button type="submit" className="secondary small" disabled={busy}>
                        Remove
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.invitations.length > 0 ? (
          <>
            <h3>Pending invitations</h3>
            <ul className="facts">
              {data.invitations.map((invitation) => (
                <li key={invitation.id} className="row">
                  {invitation.email} as {invitation.role}
                  {data.canManage ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke-invitation" />
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" className="secondary small" disabled={busy}>
                        Revoke
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card">
        <h2>Audit log</h2>
        {data.audit.length === 0 ? (
          <p className="muted">
            Nothing recorded yet. Invitations, role changes, removals and renames of the
            organization will be listed here, newest first.
          </p>
        ) : null}
        <ul className="audit">
          {data.audit.map((entry) => (
            <li key={entry.id}>
              <span className="muted">
                <LocalTime value={entry.createdAt} />
              </span>{' '}
              {entry.actorName ?? 'someone'} <code>{entry.action}</code>{' '}
              {describeAudit(entry.data as Record<string, unknown>)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function describeAudit(data: Record<string, unknown>): string {
  if (data.from && data.to) return `${String(data.from)} → ${String(data.to)}`;
  if (data.email) return `${String(data.email)}${data.role ? ` (${String(data.role)})` : ''}`;
  if (data.role) return String(data.role);
  return '';
}
