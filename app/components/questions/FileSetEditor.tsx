import { useState } from 'react';
import { CodeField, type EditorBundleUrls } from './CodeField.tsx';

export interface EditableFile {
  path: string;
  content: string;
}

/**
 * Edits a set of files (starter code, tests, reference solution) and submits
 * them as one JSON field. Each file is edited in Monaco once the editor
 * bundle loads, in a plain textarea before that.
 */
export function FileSetEditor(props: {
  name: string;
  label: string;
  initial: EditableFile[];
  defaultPath: string;
  error?: string;
  /** The editor bundle, for Monaco; a textarea without it. */
  bundle?: EditorBundleUrls | null;
}) {
  const [files, setFiles] = useState<Array<EditableFile & { key: number }>>(() =>
    props.initial.map((file, key) => ({ ...file, key })),
  );
  const [nextKey, setNextKey] = useState(props.initial.length);
  const [active, setActive] = useState(0);
  const current = files[active];
  const update = (change: Partial<EditableFile>) =>
    setFiles((all) => all.map((file, i) => (i === active ? { ...file, ...change } : file)));
  return (
    <fieldset className="file-set">
      <legend>{props.label}</legend>
      <input
        type="hidden"
        name={props.name}
        value={JSON.stringify(files.map(({ path, content }) => ({ path, content })))}
      />
      <div className="file-tabs">
        {files.length > 0 ? (
          <div className="file-tab-list" role="tablist" aria-label={`${props.label} files`}>
            {files.map((file, i) => (
              <button
                key={file.key}
                type="button"
                role="tab"
                aria-selected={i === active}
                className={i === active ? 'tab active' : 'tab'}
                onClick={() => setActive(i)}
              >
                {file.path || 'untitled'}
              </button>
            ))}
          </div>
        ) : null}
        <button
          type="button"
          className="tab add"
          onClick={() => {
            setFiles([
              ...files,
              { key: nextKey, path: files.length === 0 ? props.defaultPath : '', content: '' },
            ]);
            setNextKey(nextKey + 1);
            setActive(files.length);
          }}
        >
          + file
        </button>
      </div>
      {current ? (
        <div className="file-body">
          <div className="row">
            <input
              aria-label={`${props.label} path`}
              value={current.path}
              placeholder="path, e.g. solution.ts"
              onChange={(event) => update({ path: event.target.value })}
            />
            <button
              type="button"
              className="secondary small"
              onClick={() => {
                setFiles(files.filter((_, i) => i !== active));
                setActive(Math.max(0, active - 1));
              }}
            >
              Remove file
            </button>
          </div>
          <CodeField
            key={current.key}
            value={current.content}
            path={current.path || 'untitled.txt'}
            label={`${props.label}: ${current.path}`}
            bundle={props.bundle ?? null}
            onChange={(content) => update({ content })}
          />
        </div>
      ) : (
        <p className="muted small">No files.</p>
      )}
      {props.error ? <span className="form-error">{props.error}</span> : null}
    </fieldset>
  );
}
