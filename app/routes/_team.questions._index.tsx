import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import { requireMember } from '#app/auth/guards.server.ts';
import { type ImportIssue, parseProblemFile } from '#app/questions/exchange-format.ts';
import { importProblems, listProblems, problemFacets } from '#app/questions/questions.server.ts';
import { DIFFICULTIES, type Difficulty, LANGUAGES, type Language } from '#protocol/problems.ts';
import { hasMemberRole } from '#protocol/roles.ts';

export const meta: MetaFunction = () => [{ title: 'Question bank — Tandem' }];

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request, context);
  const params = new URL(request.url).searchParams;
  const db = context.services.database.db;
  const [problems, facets] = await Promise.all([
    listProblems(db, member.organization.id, {
      q: params.get('q') ?? undefined,
      difficulty: pick<Difficulty>(params.get('difficulty'), DIFFICULTIES),
      language: pick<Language>(params.get('language'), LANGUAGES),
      category: params.get('category') || undefined,
      tag: params.get('tag') || undefined,
      includeArchived: params.get('archived') === 'on',
    }),
    problemFacets(db, member.organization.id),
  ]);
  return json({ problems, facets, canEdit: hasMemberRole(member.role, 'interviewer') });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request, context, 'interviewer');
  const form = await request.formData();
  const file = form.get('file');
  const text = typeof file === 'string' ? file : file ? await file.text() : '';
  if (!text.trim())
    return json(
      {
        imported: 0,
        issues: [
          { line: null, field: '(file)', message: 'Choose a JSON file to import.' },
        ] as ImportIssue[],
      },
      { status: 400 },
    );
  const result = parseProblemFile(text);
  if (!result.ok) return json({ imported: 0, issues: result.issues }, { status: 400 });
  const imported = await importProblems(
    context.services.database.db,
    member.organization.id,
    member.user.id,
    result.problems,
  );
  return json({ imported, issues: [] as ImportIssue[] });
}

export default function Questions() {
  const { problems, facets, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  return (
    <>
      <div className="page-header">
        <h1>Question bank</h1>
        <div className="row">
          <a href="/questions/export" className="button secondary" download>
            Export JSON
          </a>
          {canEdit ? (
            <Link to="/questions/new" className="button">
              New problem
            </Link>
          ) : null}
        </div>
      </div>
      <Form method="get" className="row filters">
        <input
          type="search"
          name="q"
          placeholder="Search title, description, category"
          defaultValue={params.get('q') ?? ''}
          aria-label="Search"
        />
        <select
          name="difficulty"
          defaultValue={params.get('difficulty') ?? ''}
          aria-label="Difficulty"
        >
          <option value="">Any difficulty</option>
          {DIFFICULTIES.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        <select name="language" defaultValue={params.get('language') ?? ''} aria-label="Language">
          <option value="">Any language</option>
          {LANGUAGES.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
        <select name="category" defaultValue={params.get('category') ?? ''} aria-label="Category">
          <option value="">Any category</option>
          {facets.categories.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <select name="tag" defaultValue={params.get('tag') ?? ''} aria-label="Tag">
          <option value="">Any tag</option>
          {facets.tags.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <label className="checkbox">
          <input type="checkbox" name="archived" defaultChecked={params.get('archived') === 'on'} />{' '}
          archived
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {result?.imported ? (
        <p className="form-ok" role="status">{`Imported ${result.imported} problems.`}</p>
      ) : null}
      {result?.issues?.length ? (
        <div className="card import-errors" role="alert">
          <strong>Nothing was imported: fix these and try again.</strong>
          <ul>
            {result.issues.map((issue) => (
              <li key={`${issue.field}-${issue.line}-${issue.message}`}>
                {issue.line ? `Line ${issue.line}, ` : ''}
                <code>{issue.field}</code>: {issue.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <table className="data">
        <thead>
          <tr>
            <th>Title</th>
            <th>Difficulty</th>
            <th>Language</th>
            <th>Category</th>
            <th>Tags</th>
            <th>Minutes</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem) => (
            <tr key={problem.id} className={problem.archivedAt ? 'archived' : undefined}>
              <td>
                <Link to={`/questions/${problem.id}`}>{problem.title}</Link>
                {problem.archivedAt ? <span className="badge">archived</span> : null}
                {problem.generated ? <span className="badge">generated</span> : null}
              </td>
              <td>{problem.difficulty}</td>
              <td>{problem.language}</td>
              <td>{problem.category}</td>
              <td>{problem.tags.join(', ')}</td>
              <td>{problem.estimatedMinutes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length === 0 ? <p className="muted">No problem matches.</p> : null}
      {canEdit ? (
        <Form method="post" encType="multipart/form-data" className="card row import-form">
          <label>
            Import problems (JSON, format <code>tandem.problems</code> v1 — see
            docs/question-format.md)
            <input type="file" name="file" accept="application/json,.json" />
          </label>
          <button type="submit" className="secondary" disabled={busy}>
            Import
          </button>
        </Form>
      ) : null}
    </>
  );
}

export { RouteError as ErrorBoundary } from '#app/components/ui/RouteError.tsx';
