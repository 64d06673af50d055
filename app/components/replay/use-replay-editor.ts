import { type RefObject, useEffect, useRef, useState } from 'react';
import type { ReplayBundleModule, ReplayEditorController } from '../../editor/replay-api.ts';

const bundles = new Map<string, Promise<ReplayBundleModule>>();

/** The replay entry of the editor bundle, from its hashed URL (Remix's compiler leaves it alone). */
function importReplayBundle(url: string): Promise<ReplayBundleModule> {
  let bundle = bundles.get(url);
  if (!bundle) {
    bundle = import(/* @vite-ignore */ url) as Promise<ReplayBundleModule>;
    bundles.set(url, bundle);
    bundle.catch(() => bundles.delete(url));
  }
  return bundle;
}

/**
 * Starts downloading Monaco while the worker fetches and indexes the history,
 * so the editor is ready when the replay is.
 */
export function preloadReplayEditor(script: string, style: string): void {
  ensureStylesheet(style);
  importReplayBundle(script).catch(() => {
    // useReplayEditor reports the failure when it mounts.
  });
}

function ensureStylesheet(href: string): void {
  if (document.querySelector(`link[data-editor-style][href="${CSS.escape(href)}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.editorStyle = '';
  document.head.append(link);
}

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
