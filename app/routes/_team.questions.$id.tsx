import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireMember } from '#app/auth/guards.server.ts';
import { ProblemForm } from '#app/components/questions/ProblemForm.tsx';
import { parseProblemForm } from '#app/questions/problem-form.server.ts';
import {
  getProblem,
  removeProblem,
  restoreProblem,
  updateProblem,
} from '#app/questions/questions.server.ts';
import { invariantResponse } from '#app/utils/responses.server.ts';
import { hasMemberRole } from '#protocol/roles.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.problem.title ?? 'Problem'} — Tandem` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  const problem = await getProblem(
    context.services.database.db,
    member.organization.id,
    params.id ?? '',
  );
  invariantResponse(problem, 'Problem not found.', { status: 404 });
  return json({ problem, canEdit: hasMemberRole(member.role, 'interviewer') });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const db = context.services.database.db;
  const id = params.id ?? '';
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'remove') {
    const outcome = await removeProblem(db, member.organization.id, id);
    if (outcome === 'deleted') throw redirect('/questions');
    return json({
      errors: null,
      notice: 'Assessments use this problem, so it was archived instead of deleted.',
    });
  }
  if (intent === 'restore') {
    await restoreProblem(db, member.organization.id, id);
    return json({ errors: null, notice: 'Problem restored.' });
  }
  const parsed = parseProblemForm(form);
  if (!parsed.ok) return json({ errors: parsed.errors, notice: null }, { status: 400 });
  await updateProblem(db, member.organization.id, id, parsed.problem);
  return json({ errors: null, notice: 'Saved.' });
}

export default function EditProblem() {
  const { problem, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <div className="page-header">
        <h1>
          {problem.title} {problem.archivedAt ? <span className="badge">archived</span> : null}
        </h1>
        {canEdit ? (
          <Form method="post">
            <input type="hidden" name="intent" value={problem.archivedAt ? 'restore' : 'remove'} />
            <button type="submit" className="secondary" disabled={busy}>
              {problem.archivedAt ? 'Restore' : 'Delete or archive'}
            </button>
          </Form>
        ) : null}
      </div>
      {result?.notice ? (
        <p className="form-ok" role="status">
          {result.notice}
        </p>
      ) : null}
      {canEdit ? (
        <ProblemForm
          key={problem.updatedAt}
          values={problem}
          errors={result?.errors ?? undefined}
          busy={busy}
          submitLabel="Save problem"
        />
      ) : (
        <div className="card">
          <p>{problem.description}</p>
        </div>
      )}
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
