import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireMember } from '#app/auth/guards.server.ts';
import { EMPTY_PROBLEM, ProblemForm } from '#app/components/questions/ProblemForm.tsx';
import { codeFieldBundle } from '#app/editor/manifest.server.ts';
import { parseProblemForm } from '#app/questions/problem-form.server.ts';
import { createProblem } from '#app/questions/questions.server.ts';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireMember(request, context, 'interviewer');
  return json({ bundle: codeFieldBundle() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const parsed = parseProblemForm(await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const id = await createProblem(
    context.services.database.db,
    member.organization.id,
    member.user.id,
    parsed.problem,
  );
  throw redirect(`/questions/${id}`);
}

export default function NewProblem() {
  const result = useActionData<typeof action>();
  const { bundle } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>New problem</h1>
      </div>
      <ProblemForm
        bundle={bundle}
        values={EMPTY_PROBLEM}
        errors={result?.errors}
        busy={useNavigation().state !== 'idle'}
        submitLabel="Create problem"
      />
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
