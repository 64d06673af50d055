import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import {
  availableProblems,
  fieldErrors,
  getAssessment,
  parseAssessmentForm,
  updateAssessment,
} from '#app/assessments/assessments.server.ts';
import { requireMember } from '#app/auth/guards.server.ts';
import { stopPairingInAssessment } from '#app/collab/pairing.server.ts';
import { AssessmentForm } from '#app/components/assessments/AssessmentForm.tsx';
import { invariantResponse } from '#app/utils/responses.server.ts';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const db = context.services.database.db;
  const assessment = await getAssessment(db, member.organization.id, params.id ?? '');
  invariantResponse(assessment, 'Assessment not found.', { status: 404 });
  return json({
    assessment,
    problems: await availableProblems(db, member.organization.id),
    aiAvailable: Boolean(context.services.config.ANTHROPIC_API_KEY),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const parsed = parseAssessmentForm(await request.formData());
  if (!parsed.success) return json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const { pairModeTurnedOff } = await updateAssessment(
    context.services.database.db,
    member.organization.id,
    params.id ?? '',
    parsed.data,
  );
  // Interviewers already editing go back to watching now (decision 027).
  if (pairModeTurnedOff) {
    await stopPairingInAssessment(context, member.organization.id, params.id ?? '');
  }
  throw redirect(`/assessments/${params.id}`);
}

export default function EditAssessment() {
  const { assessment, problems, aiAvailable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <>
      <div className="page-header">
        <h1>Edit {assessment.title}</h1>
      </div>
      <div className="card narrow">
        <AssessmentForm
          problems={problems}
          aiAvailable={aiAvailable}
          values={{ ...assessment, problemIds: assessment.problems.map((problem) => problem.id) }}
          errors={result?.errors}
          submitLabel="Save changes"
          busy={navigation.state !== 'idle'}
        />
      </div>
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
