import { Form } from '@remix-run/react';
import { useState } from 'react';

export interface ProblemOption {
  id: string;
  title: string;
  language: string;
  difficulty: string;
}

export interface AssessmentFormValues {
  title: string;
  description: string;
  durationMinutes: number;
  enableAI: boolean;
  aiPolicy?: string;
  enableTerminal: boolean;
  variantPerCandidate: boolean;
  pairMode?: boolean;
  problemIds: string[];
}

/** Create/edit form for an assessment, with an ordered list of problems. */
export function AssessmentForm(props: {
  problems: ProblemOption[];
  values?: AssessmentFormValues;
  errors?: Record<string, string>;
  submitLabel: string;
  busy: boolean;
  /** Whether ANTHROPIC_API_KEY is set: generated variants need it. */
  aiAvailable: boolean;
}) {
  const values = props.values ?? {
    title: '',
    description: '',
    durationMinutes: 60,
    enableAI: true,
    enableTerminal: true,
    variantPerCandidate: false,
    problemIds: [],
  };
  const [chosen, setChosen] = useState<string[]>(values.problemIds);
  const errors = props.errors ?? {};
  const byId = new Map(props.problems.map((problem) => [problem.id, problem]));
  const move = (index: number, delta: number) => {
    const next = [...chosen];
    const [item] = next.splice(index, 1);
    next.splice(index + delta, 0, item!);
    setChosen(next);
  };
  return (
    <Form method="post" className="stack assessment-form" noValidate>
      <label>
        Title
        <input
          name="title"
          defaultValue={values.title}
          required
          aria-invalid={Boolean(errors.title)}
        />
        {errors.title ? <span className="form-error">{errors.title}</span> : null}
      </label>
      <label>
        Description
        <textarea name="description" rows={3} defaultValue={values.description} />
      </label>
      <label>
        Duration (minutes)
        <input
          name="durationMinutes"
          type="number"
          min={5}
          max={480}
          defaultValue={values.durationMinutes}
          aria-invalid={Boolean(errors.durationMinutes)}
        />
        {errors.durationMinutes ? (
          <span className="form-error">{errors.durationMinutes}</span>
        ) : null}
      </label>
      <div className="row">
        <label className="checkbox">
          <input type="checkbox" name="enableAI" defaultChecked={values.enableAI} /> AI assistant
        </label>
        <label className="checkbox">
          <input type="checkbox" name="enableTerminal" defaultChecked={values.enableTerminal} />{' '}
          Terminal
        </label>
        <label>
          AI policy{' '}
          <select name="aiPolicy" defaultValue={values.aiPolicy ?? 'full'}>
            <option value="full">Full help</option>
            <option value="hints">Hints only (never solution code)</option>
            <option value="off">Off</option>
          </select>
        </label>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          name="variantPerCandidate"
          defaultChecked={values.variantPerCandidate}
          disabled={!props.aiAvailable && !values.variantPerCandidate}
          aria-describedby="variant-hint"
        />{' '}
        A generated variant of the first problem for each candidate
      </label>
      <p id="variant-hint" className="muted small">
        {props.aiAvailable
          ? 'Made by the AI assistant when the candidate is invited, and used only if its reference solution passes all of its own tests; otherwise (or if the candidate starts first) they get the original.'
          : 'Needs ANTHROPIC_API_KEY on the server.'}
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          name="pairMode"
          defaultChecked={values.pairMode ?? false}
          aria-describedby="pair-hint"
        />{' '}
        Interviewers may edit the code
      </label>
      <p id="pair-hint" className="muted small">
        Pair mode: an interviewer watching live can turn on “Edit with the candidate”. Their edits
        are recorded as theirs and counted apart in the report.
      </p>
      <fieldset className="problem-picker">
        <legend>Problems, in order</legend>
        {chosen.length === 0 ? <p className="muted">No problem chosen yet.</p> : null}
        <ol>
          {chosen.map((id, index) => (
            <li key={id}>
              <input type="hidden" name="problemIds" value={id} />
              <span>
                {byId.get(id)?.title ?? id} <span className="badge">{byId.get(id)?.language}</span>
              </span>
              <span className="row">
                <button
                  type="button"
                  className="secondary small"
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                  aria-label="Move up"
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="secondary small"
                  disabled={index === chosen.length - 1}
                  onClick={() => move(index, 1)}
                  aria-label="Move down"
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => setChosen(chosen.filter((other) => other !== id))}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ol>
        <select
          aria-label="Add a problem"
          value=""
          onChange={(event) => {
            if (event.target.value) setChosen([...chosen, event.target.value]);
          }}
        >
          <option value="">Add a problem…</option>
          {props.problems
            .filter((problem) => !chosen.includes(problem.id))
            .map((problem) => (
              <option key={problem.id} value={problem.id}>
                {problem.title} ({problem.language}, {problem.difficulty.toLowerCase()})
              </option>
            ))}
        </select>
        {errors.problemIds ? <span className="form-error">{errors.problemIds}</span> : null}
      </fieldset>
      <div className="row">
        <button type="submit" disabled={props.busy}>
          {props.busy ? 'Saving…' : props.submitLabel}
        </button>
      </div>
    </Form>
  );
}
