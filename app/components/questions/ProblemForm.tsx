import { Form } from '@remix-run/react';
import { useRef } from 'react';
import { DIFFICULTIES, LANGUAGES, type Language } from '../../../protocol/problems.ts';
import type { EditorBundleUrls } from './CodeField.tsx';
import { type EditableFile, FileSetEditor } from './FileSetEditor.tsx';
import { type EditableLanguageVersion, LanguageVersionsEditor } from './LanguageVersionsEditor.tsx';
import { TryProblem } from './TryProblem.tsx';

export interface ProblemFormValues {
  title: string;
  description: string;
  difficulty: string;
  category: string;
  tags: string[];
  language: string;
  estimatedMinutes: number;
  starterFiles: EditableFile[];
  visibleTests: EditableFile[];
  /** Hidden cases as data (protocol/grading.ts), or null. */
  grading: unknown;
  /** Hidden test files of format 1, no longer run: shown so their author can convert them. */
  legacyHiddenTests?: EditableFile[];
  referenceSolution: EditableFile[] | null;
  /** The problem in its other languages (decision 023). */
  languageVersions?: Partial<Record<Language, EditableLanguageVersion>> | null;
}

/** An example of the hidden cases' JSON, shown as the field's placeholder. */
const GRADING_EXAMPLE = `{
  "module": "solution.ts",
  "entry": "twoSum",
  "cases": [
    { "name": "pair at the ends", "args": [[5, 1, 2, 9], 14], "expected": [0, 3] }
  ]
}`;

export const EMPTY_PROBLEM: ProblemFormValues = {
  title: '',
  description: '',
  difficulty: 'MEDIUM',
  category: 'general',
  tags: [],
  language: 'typescript',
  estimatedMinutes: 30,
  starterFiles: [{ path: 'solution.ts', content: '' }],
  visibleTests: [{ path: 'solution.test.ts', content: '' }],
  grading: null,
  referenceSolution: [],
};

/** The question editor: statement, settings and four sets of files. */
export function ProblemForm(props: {
  values: ProblemFormValues;
  errors?: Record<string, string>;
  busy: boolean;
  submitLabel: string;
  /** The editor bundle's code fields (Monaco); textareas without it. */
  bundle?: EditorBundleUrls | null;
}) {
  const { values } = props;
  const errors = props.errors ?? {};
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <Form method="post" className="stack problem-form" ref={formRef}>
      <input type="hidden" name="intent" value="save" />
      <label>
        Title
        <input name="title" defaultValue={values.title} required />
        {errors.title ? <span className="form-error">{errors.title}</span> : null}
      </label>
      <label>
        Description (Markdown)
        <textarea name="description" rows={8} defaultValue={values.description} />
        {errors.description ? <span className="form-error">{errors.description}</span> : null}
      </label>
      <div className="row">
        <label>
          Difficulty
          <select name="difficulty" defaultValue={values.difficulty}>
            {DIFFICULTIES.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          Language
          <select name="language" defaultValue={values.language}>
            {LANGUAGES.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <label>
          Category
          <input name="category" defaultValue={values.category} />
        </label>
        <label>
          Tags (comma-separated)
          <input name="tags" defaultValue={values.tags.join(', ')} />
        </label>
        <label>
          Minutes
          <input
            name="estimatedMinutes"
            type="number"
            min={5}
            max={240}
            defaultValue={values.estimatedMinutes}
          />
        </label>
      </div>
      <FileSetEditor
        bundle={props.bundle}
        name="starterFiles"
        label="Starter files"
        initial={values.starterFiles}
        defaultPath="solution.ts"
        error={errors.starterFiles}
      />
      <FileSetEditor
        bundle={props.bundle}
        name="visibleTests"
        label="Visible tests"
        initial={values.visibleTests}
        defaultPath="solution.test.ts"
        error={errors.visibleTests}
      />
      <label>
        Hidden cases (JSON, never shown to candidates: each calls the candidate’s function and the
        bridge compares the result; see docs/question-format.md)
        <textarea
          name="grading"
          rows={12}
          spellCheck={false}
          className="code"
          placeholder={GRADING_EXAMPLE}
          defaultValue={values.grading ? JSON.stringify(values.grading, null, 2) : ''}
        />
        {errors.grading ? <span className="form-error">{errors.grading}</span> : null}
      </label>
      {values.legacyHiddenTests?.length ? (
        <details className="card">
          <summary>
            {`${values.legacyHiddenTests.length} hidden test file(s) of the old format no longer run: write them as cases above.`}
          </summary>
          {values.legacyHiddenTests.map((file) => (
            <pre key={file.path}>{`${file.path}\n\n${file.content}`}</pre>
          ))}
        </details>
      ) : null}
      <FileSetEditor
        bundle={props.bundle}
        name="referenceSolution"
        label="Reference solution (for “Try it”)"
        initial={values.referenceSolution ?? []}
        defaultPath="solution.ts"
        error={errors.referenceSolution}
      />
      <LanguageVersionsEditor
        language={values.language}
        versions={values.languageVersions}
        errors={errors}
        bundle={props.bundle}
      />
      <TryProblem formRef={formRef} />
      {errors.form ? <p className="form-error">{errors.form}</p> : null}
      <div className="row">
        <button type="submit" disabled={props.busy}>
          {props.busy ? 'Saving…' : props.submitLabel}
        </button>
      </div>
    </Form>
  );
}
