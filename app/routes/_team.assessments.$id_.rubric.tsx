import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { requireMember } from '#app/auth/guards.server.ts';
import {
  loadRubric,
  RubricError,
  type RubricView,
  resetRubric,
  saveRubric,
} from '#app/review/rubric.server.ts';
import { DEFAULT_RUBRIC, RUBRIC_LIMITS, type RubricIssue } from '#app/review/rubric.ts';
import { invariantResponse } from '#app/utils/responses.server.ts';
import { hasMemberRole } from '#protocol/roles.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Review rubric: ${data?.rubric.assessmentTitle ?? 'Assessment'} — Tandem` },
];

/** /assessments/:id/rubric — the rubric the assessment's AI reviews are made with. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  try {
    const rubric = await loadRubric(
      context.services.database.db,
      member.organization.id,
      params.id ?? '',
    );
    return json({ rubric, canEdit: hasMemberRole(member.role, 'interviewer') });
  } catch (error) {
    invariantResponse(!(error instanceof RubricError), 'Assessment not found.', { status: 404 });
    throw error;
  }
}

type ActionResult =
  | { ok: true; rubric: RubricView; notice: string }
  | { ok: false; issues: RubricIssue[]; message: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const db = context.services.database.db;
  const actor = { userId: member.user.id, organizationId: member.organization.id };
  const form = await request.formData();
  try {
    if (form.get('intent') === 'reset') {
      const rubric = await resetRubric(db, actor, params.id ?? '');
      return json<ActionResult>({ ok: true, rubric, notice: 'Back to the default rubric.' });
    }
    let dimensions: unknown = null;
    try {
      dimensions = JSON.parse(String(form.get('dimensions') ?? 'null'));
    } catch {
      dimensions = null;
    }
    const rubric = await saveRubric(db, actor, params.id ?? '', dimensions);
    return json<ActionResult>({
      ok: true,
      rubric,
      notice: 'Saved. Reviews made from now on use this rubric; earlier reviews keep theirs.',
    });
  } catch (error) {
    if (error instanceof RubricError) {
      invariantResponse(error.code !== 'ASSESSMENT_NOT_FOUND', error.message, { status: 404 });
      return json<ActionResult>(
        { ok: false, issues: error.issues, message: error.message },
        { status: 400 },
      );
    }
    throw error;
  }
}

const CSS = `
.rubric-dimensions { list-style: decimal; padding-left: 1.5rem; margin: 0; display: grid; gap: 0.75rem; }
.rubric-dimension { min-width: 0; border: 1px solid var(--border, #ddd); border-radius: 8px; padding: 0.75rem; }
.rubric-dimension-fields { display: grid; grid-template-columns: minmax(0, 1fr) 9rem; gap: 0.5rem 1rem; }
.rubric-dimension-fields label { display: grid; gap: 0.25rem; }
.rubric-guidance { grid-column: 1 / -1; }
.rubric-dimension-actions { margin-top: 0.5rem; gap: 0.5rem; }
.rubric-dimension-fields input, .rubric-dimension-fields textarea { min-width: 0; width: 100%; box-sizing: border-box; }
@media (max-width: 640px) {
  .rubric-dimensions { padding-left: 1.1rem; }
  .rubric-dimension-fields { grid-template-columns: minmax(0, 1fr); }
}
`;

interface Row {
  /** Client-side identity for React (keys may be absent on new rows). */
  id: number;
  key?: string;
  label: string;
  guidance: string;
  weight: string;
}

let nextRowId = 1;
const toRows = (dimensions: RubricView['dimensions']): Row[] =>
  dimensions.map((d) => ({
    id: nextRowId++,
    key: d.key,
    label: d.label,
    guidance: d.guidance,
    weight: String(d.weight),
  }));

export default function RubricPage() {
  const { rubric: loaded, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const rubric = result?.ok ? result.rubric : loaded;
  const [rows, setRows] = useState<Row[]>(() => toRows(rubric.dimensions));
  // After a save or reset, show what the server kept (new rows got their keys).
  useEffect(() => {
    if (result?.ok) setRows(toRows(result.rubric.dimensions));
  }, [result]);
  const issues = result && !result.ok ? result.issues : [];
  const issueFor = (index: number, field: RubricIssue['field']) =>
    issues.find((issue) => issue.index === index && issue.field === field)?.message;
  const general = issues.filter((issue) => issue.index === undefined);
  const update = (id: number, patch: Partial<Row>) =>
    setRows((current) => current.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  const move = (index: number, delta: number) =>
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      next.splice(index + delta, 0, row!);
      return next;
    });
  const payload = JSON.stringify(
    rows.map((row) => ({
      ...(row.key ? { key: row.key } : {}),
      label: row.label,
      guidance: row.guidance,
      weight: row.weight,
    })),
  );
  const totalWeight = rows.reduce((sum, row) => sum + (Number(row.weight) || 0), 0);
  return (
    <>
      <div className="page-header">
        <h1>Review rubric: {rubric.assessmentTitle}</h1>
        <Link to={`/assessments/${rubric.assessmentId}`}>Back to the assessment</Link>
      </div>
      <section className="card rubric-editor" aria-labelledby="rubric-title">
        <style>{CSS}</style>
        <h2 id="rubric-title">
          Dimensions{' '}
          <span className="badge">{rubric.custom ? 'this assessment’s own' : 'default'}</span>
        </h2>
        <p className="muted small">
          The AI review scores each dimension from 1 to 5 with the guidance below; the weights make
          the review’s weighted score. Reviews made after a change use the new rubric; reviews
          already made keep the rubric they were made with. At most {RUBRIC_LIMITS.maxDimensions}{' '}
          dimensions.
        </p>
        {result?.ok ? (
          <p className="form-ok" role="status">
            {result.notice}
          </p>
        ) : null}
        {result && !result.ok ? (
          <div className="form-error" role="alert">
            <p>The rubric was not saved:</p>
            <ul>
              {(general.length > 0 ? general : issues).map((issue) => (
                <li key={`${issue.code}:${issue.index ?? ''}`}>{issue.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="dimensions" value={payload} />
          <ol className="rubric-dimensions">
            {rows.map((row, index) => (
              <li key={row.id} className="rubric-dimension" data-key={row.key ?? ''}>
                <div className="rubric-dimension-fields">
                  <label>
                    Name
                    <input
                      value={row.label}
                      maxLength={RUBRIC_LIMITS.labelChars + 20}
                      disabled={!canEdit}
                      aria-invalid={Boolean(issueFor(index, 'label'))}
                      onChange={(event) => update(row.id, { label: event.target.value })}
                    />
                    {issueFor(index, 'label') ? (
                      <span className="form-error">{issueFor(index, 'label')}</span>
                    ) : null}
                  </label>
                  <label className="rubric-weight">
                    Weight
                    <input
                      type="number"
                      min={RUBRIC_LIMITS.minWeight}
                      max={RUBRIC_LIMITS.maxWeight}
                      step={0.5}
                      value={row.weight}
                      disabled={!canEdit}
                      aria-invalid={Boolean(issueFor(index, 'weight'))}
                      onChange={(event) => update(row.id, { weight: event.target.value })}
                    />
                    <span className="muted small">
                      {totalWeight > 0 && Number(row.weight) >= 0
                        ? `${Math.round(((Number(row.weight) || 0) / totalWeight) * 100)}% of the score`
                        : ''}
                    </span>
                    {issueFor(index, 'weight') ? (
                      <span className="form-error">{issueFor(index, 'weight')}</span>
                    ) : null}
                  </label>
                  <label className="rubric-guidance">
                    Guidance for the reviewer
                    <textarea
                      rows={3}
                      value={row.guidance}
                      disabled={!canEdit}
                      aria-invalid={Boolean(issueFor(index, 'guidance'))}
                      onChange={(event) => update(row.id, { guidance: event.target.value })}
                    />
                    {issueFor(index, 'guidance') ? (
                      <span className="form-error">{issueFor(index, 'guidance')}</span>
                    ) : null}
                  </label>
                </div>
                {canEdit ? (
                  <div className="row rubric-dimension-actions">
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Move ${row.label || 'dimension'} up`}
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Move ${row.label || 'dimension'} down`}
                      disabled={index === rows.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Remove ${row.label || 'dimension'}`}
                      onClick={() => setRows((current) => current.filter((r) => r.id !== row.id))}
                    >
                      Remove
                    </button>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
          {canEdit ? (
            <div className="row">
              <button
                type="button"
                className="secondary"
                disabled={rows.length >= RUBRIC_LIMITS.maxDimensions}
                onClick={() =>
                  setRows((current) => [
                    ...current,
                    { id: nextRowId++, label: '', guidance: '', weight: '1' },
                  ])
                }
              >
                Add a dimension
              </button>
              <button type="submit" name="intent" value="save" disabled={busy}>
                Save rubric
              </button>
              <button
                type="submit"
                name="intent"
                value="reset"
                className="secondary"
                disabled={busy}
                onClick={(event) => {
                  if (
                    !confirm(`Go back to the default rubric (${DEFAULT_RUBRIC.length} dimensions)?`)
                  )
                    event.preventDefault();
                }}
              >
                Reset to default
              </button>
            </div>
          ) : (
            <p className="muted">Only interviewers and above can change the rubric.</p>
          )}
        </Form>
      </section>
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
