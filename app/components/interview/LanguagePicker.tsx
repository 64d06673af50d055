import type { Language } from '../../../protocol/problems.ts';

/**
 * The language the candidate will work in, picked before the interview
 * starts (decision 023). Shown only when the assessment allows more than one;
 * a single allowed language is simply used.
 */
export function LanguagePicker(props: { languages: Array<{ id: Language; label: string }> }) {
  if (props.languages.length < 2) return null;
  return (
    <label className="language-picker">
      <span>Language</span>
      <select name="language" defaultValue={props.languages[0]!.id}>
        {props.languages.map((language) => (
          <option key={language.id} value={language.id}>
            {language.label}
          </option>
        ))}
      </select>
    </label>
  );
}
