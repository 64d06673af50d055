import { type RefObject, useEffect, useRef, useState } from 'react';
import type { ReplayEditorController } from '../../editor/replay-api.ts';
import { ensureStylesheet, importReplayBundle } from '../editor-bundle.ts';
import { provideColorizer } from '../ui/code-colorizer.ts';

export { preloadReplayEditor } from '../editor-bundle.ts';

export interface ReplayEditorHandle {
  editorRef: RefObject<HTMLDivElement>;
  diffRef: RefObject<HTMLDivElement>;
  controller: ReplayEditorController | null;
  error: Error | null;
}

/** Loads the replay editor (read-only Monaco and a diff editor) into two containers. */
export function useReplayEditor(script: string, style: string): ReplayEditorHandle {
  const editorRef = useRef<HTMLDivElement>(null);
  const diffRef = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<ReplayEditorController | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    let cancelled = false;
    let mounted: ReplayEditorController | null = null;
    ensureStylesheet(style);
    importReplayBundle(script)
      .then((bundle) => {
        provideColorizer(bundle.colorizeCode);
        if (cancelled || !editorRef.current || !diffRef.current) return;
        mounted = bundle.mountReplayEditor(editorRef.current, diffRef.current);
        setController(mounted);
      })
      .catch((cause: unknown) => {
        if (!cancelled) {
          setError(cause instanceof Error ? cause : new Error('The editor could not be loaded.'));
        }
      });
    return () => {
      cancelled = true;
      mounted?.destroy();
      setController(null);
    };
  }, [script, style]);

  return { editorRef, diffRef, controller, error };
}
