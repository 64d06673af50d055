import {
  type ActionFunctionArgs,
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
import { requireMember } from '#app/auth/guards.server.ts';
import { ProblemForm } from '#app/components/questions/ProblemForm.tsx';
import { codeFieldBundle } from '#app/editor/manifest.server.ts';
import { generateVariant } from '#app/questions/generate.server.ts';
import { parseProblemForm } from '#app/questions/problem-form.server.ts';
import {
  createProblem,
  getProblem,
  removeProblem,
  restoreProblem,
  toProblemInput,
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
  return json({
    problem,
    canEdit: hasMemberRole(member.role, 'interviewer'),
    aiAvailable: Boolean(context.services.config.ANTHROPIC_API_KEY),
    bundle: codeFieldBundle(),
  });
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
  if (intent === 'generate-variant') {
    const original = await getProblem(db, member.organization.id, id);
    if (!original) throw new Response('Problem not found.', { status: 404 });
    const outcome = await generateVariant(
      context,
      member.organization.id,
      toProblemInput(original),
    );
    if (!outcome.ok)
      return json({ errors: { form: outcome.message }, notice: null }, { status: 422 });
    const variantId = await createProblem(
      db,
      member.organization.id,
      member.user.id,
      outcome.problem,
      {
        generated: true,
        parentProblemId: id,
      },
    );
    throw redirect(`/questions/${variantId}?generated=${outcome.passed}`);
  }
  const parsed = parseProblemForm(form);
  if (!parsed.ok) return json({ errors: parsed.errors, notice: null }, { status: 400 });
  await updateProblem(db, member.organization.id, id, parsed.problem);
  return json({ errors: null, notice: 'Saved.' });
}

export default function EditProblem() {
  const { problem, canEdit, aiAvailable, bundle } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const generated = params.get('generated');
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <div className="page-header">
        <h1>
          {problem.title} {problem.archivedAt ? <span className="badge">archived</span> : null}
        </h1>
        {canEdit ? (
          <Form method="post" className="row">
            {aiAvailable && !problem.archivedAt ? (
              <button
                type="submit"
                name="intent"
                value="generate-variant"
                className="secondary"
                disabled={busy}
              >
                {busy ? 'Working…' : 'Generate a variant'}
              </button>
            ) : null}
            <input type="hidden" name="intent" value={problem.archivedAt ? 'restore' : 'remove'} />
            <button type="submit" className="secondary" disabled={busy}>
              {problem.archivedAt ? 'Restore' : 'Delete or archive'}
            </button>
          </Form>
        ) : null}
      </div>
      {generated && problem.generated ? (
        <p className="form-ok" role="status">
          {`Generated and checked: the reference solution passes all ${generated} of its tests. Review it before using it.`}
        </p>
      ) : null}
      {result?.errors?.form && !canEdit ? <p className="form-error">{result.errors.form}</p> : null}
      {result?.notice ? (
        <p className="form-ok" role="status">
          {result.notice}
        </p>
      ) : null}
      {canEdit ? (
        <ProblemForm
          bundle={bundle}
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
