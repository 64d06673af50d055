import { useState } from 'react';
import type { Language } from '../../../protocol/problems.ts';
import type { SessionProblemView } from '../../interview/access.server.ts';

/**
 * Switching language during the interview (decision 023): asks first, since
 * the files change; the current ones are kept under previous/<language>/.
 * Shown only when the assessment allows more than one language. The page
 * stays: `onSwitched` gets the problems in the new language.
 */
export function LanguageSwitcher(props: {
  candidateId: string;
  language: string;
  languages: Array<{ id: Language; label: string }>;
  disabled: boolean;
  onSwitched: (problems: SessionProblemView[]) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (props.languages.length < 2) return null;
  const labelOf = (id: string) => props.languages.find((entry) => entry.id === id)?.label ?? id;
  const change = async (to: string) => {
    if (to === props.language) return;
    const confirmed = window.confirm(
      `Switch to ${labelOf(to)}? Your ${labelOf(props.language)} files move to previous/${props.language}/ and the ${labelOf(to)} starter opens. Tests and grading then use ${labelOf(to)}.`,
    );
    if (!confirmed) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/interview/${props.candidateId}/language`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language: to }),
      });
      const body = (await response.json().catch(() => null)) as {
        problems?: SessionProblemView[];
        error?: { message?: string };
      } | null;
      if (!response.ok || !body?.problems)
        throw new Error(body?.error?.message ?? `Switching failed (${response.status}).`);
      props.onSwitched(body.problems);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'Switching failed; try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="language-switcher">
      <label>
        <span>Language</span>
        <select
          aria-label="Language"
          value={props.language}
          disabled={props.disabled || busy}
          onChange={(event) => void change(event.currentTarget.value)}
        >
          {props.languages.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
