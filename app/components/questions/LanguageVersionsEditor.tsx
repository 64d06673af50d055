import { useState } from 'react';
import {
  LANGUAGE_LABELS,
  LANGUAGES,
  type Language,
  MODULE_EXTENSIONS,
} from '../../../protocol/problems.ts';
import type { EditorBundleUrls } from './CodeField.tsx';
import { type EditableFile, FileSetEditor } from './FileSetEditor.tsx';

/** A problem's version in one more language, as the editor edits it (decision 023). */
export interface EditableLanguageVersion {
  module: string;
  entry?: string;
  starterFiles: EditableFile[];
  visibleTests: EditableFile[];
  referenceSolution: EditableFile[];
}

const FILE_SETS = [
  ['starterFiles', 'Starter files'],
  ['visibleTests', 'Visible tests'],
  ['referenceSolution', 'Reference solution'],
] as const;

/** Form field names of one language's version (read by parseProblemForm). */
export const versionField = (language: Language, field: string) => `lv-${field}-${language}`;

/**
 * The languages a problem offers beside its own: per language, whether it is
 * offered, the module the hidden cases call, and its starter, visible tests
 * and reference. The hidden cases are shared. A closed language keeps its
 * values in hidden fields; its file editors mount when it is first opened.
 */
export function LanguageVersionsEditor(props: {
  language: string;
  versions: Partial<Record<Language, EditableLanguageVersion>> | null | undefined;
  errors: Record<string, string>;
  bundle?: EditorBundleUrls | null;
}) {
  const others = LANGUAGES.filter((language) => language !== props.language);
  return (
    <fieldset className="language-versions">
      <legend>
        Other languages (the hidden cases are shared; compiled languages need a signature)
      </legend>
      <input type="hidden" name="languageVersionsEdited" value="1" />
      {props.errors.languageVersions ? (
        <p className="form-error">{props.errors.languageVersions}</p>
      ) : null}
      {others.map((language) => (
        <LanguageVersion
          key={language}
          language={language}
          version={props.versions?.[language] ?? null}
          errors={props.errors}
          bundle={props.bundle}
        />
      ))}
    </fieldset>
  );
}

function LanguageVersion(props: {
  language: Language;
  version: EditableLanguageVersion | null;
  errors: Record<string, string>;
  bundle?: EditorBundleUrls | null;
}) {
  const { language, version } = props;
  const [opened, setOpened] = useState(false);
  const field = (name: string) => versionField(language, name);
  const error = (name: string) =>
    Object.entries(props.errors).find(([path]) =>
      path.startsWith(`languageVersions.${language}.${name}`),
    )?.[1];
  const defaultPath =
    language === 'java' ? 'Solution.java' : `solution${MODULE_EXTENSIONS[language][0]}`;
  return (
    // The checkbox sits beside the details, not in its summary: a control
    // inside a summary is nested in another one (axe: nested-interactive).
    <div className="card language-version">
      <label className="language-version-offered">
        <input type="checkbox" name={field('offered')} defaultChecked={version !== null} /> Offer{' '}
        {LANGUAGE_LABELS[language]}
      </label>
      <details
        onToggle={(event) => {
          if (event.currentTarget.open) setOpened(true);
        }}
      >
        <summary>Edit the {LANGUAGE_LABELS[language]} version</summary>
        <div className="row">
          <label>
            Module the hidden cases call
            <input name={field('module')} defaultValue={version?.module ?? defaultPath} />
            {error('module') ? <span className="form-error">{error('module')}</span> : null}
          </label>
          <label>
            Entry (when not the usual spelling)
            <input name={field('entry')} defaultValue={version?.entry ?? ''} />
          </label>
        </div>
        {FILE_SETS.map(([name, label]) =>
          opened ? (
            <FileSetEditor
              key={name}
              bundle={props.bundle}
              name={field(name)}
              label={`${LANGUAGE_LABELS[language]}: ${label}`}
              initial={version?.[name] ?? []}
              defaultPath={defaultPath}
              error={error(name)}
            />
          ) : (
            <input
              key={name}
              type="hidden"
              name={field(name)}
              value={JSON.stringify(version?.[name] ?? [])}
            />
          ),
        )}
      </details>
    </div>
  );
}
