import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  availableProblems,
  createAssessment,
  fieldErrors,
  parseAssessmentForm,
} from '#app/assessments/assessments.server.ts';
import { requireMember } from '#app/auth/guards.server.ts';
import { AssessmentForm } from '#app/components/assessments/AssessmentForm.tsx';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  return json({
    problems: await availableProblems(context.services.database.db, member.organization.id),
    aiAvailable: Boolean(context.services.config.ANTHROPIC_API_KEY),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const parsed = parseAssessmentForm(await request.formData());
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const id = await createAssessment(
    context.services.database.db,
    member.organization.id,
    member.user.id,
    parsed.data,
  );
  throw redirect(`/assessments/${id}`);
}

export default function NewAssessment() {
  const { problems, aiAvailable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <div className="page-header">
        <h1>New assessment</h1>
      </div>
      <div className="card narrow">
        <AssessmentForm
          problems={problems}
          aiAvailable={aiAvailable}
          errors={result?.errors}
          submitLabel="Create assessment"
          busy={navigation.state !== 'idle'}
        />
      </div>
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
