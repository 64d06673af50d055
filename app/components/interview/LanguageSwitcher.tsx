import { useState } from 'react';
import type { Language } from '../../../protocol/problems.ts';

/**
 * Switching language during the interview (decision 023): asks first, since
 * the files change; the current ones are kept under previous/<language>/.
 * Shown only when the assessment allows more than one language.
 */
export function LanguageSwitcher(props: {
  candidateId: string;
  language: string;
  languages: Array<{ id: Language; label: string }>;
  disabled: boolean;
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
        error?: { message?: string };
      } | null;
      if (!response.ok)
        throw new Error(body?.error?.message ?? `Switching failed (${response.status}).`);
      // The page reads the problems again in the new language and opens its starter.
      window.location.reload();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'Switching failed; try again.');
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
