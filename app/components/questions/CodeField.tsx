import { useEffect, useRef, useState } from 'react';
import type { CodeFieldController } from '../../editor/replay-api.ts';
import { ensureStylesheet, importReplayBundle } from '../editor-bundle.ts';
import { provideColorizer } from '../ui/code-colorizer.ts';

export interface EditorBundleUrls {
  script: string;
  style: string;
}

/**
 * A code field: Monaco once the editor bundle has loaded, a monospace
 * textarea before that (and without scripts). The parent owns the text.
 */
export function CodeField(props: {
  value: string;
  path: string;
  label: string;
  bundle: EditorBundleUrls | null;
  onChange: (value: string) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const controller = useRef<CodeFieldController | null>(null);
  const [ready, setReady] = useState(false);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const bundle = latest.current.bundle;
    if (!bundle) return;
    let disposed = false;
    ensureStylesheet(bundle.style);
    importReplayBundle(bundle.script)
      .then((module) => {
        provideColorizer(module.colorizeCode);
        if (disposed || !host.current) return;
        controller.current = module.mountCodeField(host.current, {
          value: latest.current.value,
          path: latest.current.path,
          label: latest.current.label,
          onChange: (value) => latest.current.onChange(value),
        });
        setReady(true);
      })
      .catch(() => {
        // The textarea stays: editing still works without Monaco.
      });
    return () => {
      disposed = true;
      controller.current?.dispose();
      controller.current = null;
    };
  }, []);

  useEffect(() => controller.current?.setValue(props.value), [props.value]);
  useEffect(() => controller.current?.setPath(props.path), [props.path]);

  return (
    <>
      <div ref={host} className="code-field" hidden={!ready} data-testid="code-field" />
      {ready ? null : (
        <textarea
          className="code-area"
          aria-label={props.label}
          spellCheck={false}
          rows={14}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </>
  );
}
