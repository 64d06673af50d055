import { type RefObject, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type {
  EditorBundleModule,
  WorkspaceController,
  WorkspaceMountOptions,
  WorkspaceSnapshot,
} from '../../editor/api.ts';
import type { EditorManifest } from '../../editor/manifest.ts';
import { ensureStylesheet } from '../editor-bundle.ts';
import { provideColorizer } from '../ui/code-colorizer.ts';

/**
 * Imports the editor bundle at run time from its hashed URL. The URL is a
 * variable, so Remix's compiler leaves this import alone and the browser
 * fetches /editor/editor-<hash>.js itself (one copy of Monaco and yjs).
 */
function importBundle(url: string): Promise<EditorBundleModule> {
  return import(/* @vite-ignore */ url) as Promise<EditorBundleModule>;
}

const noSubscription = () => () => {};
const noSnapshot = () => null;

export interface WorkspaceHandle {
  /** Attach to the element Monaco renders into. */
  editorRef: RefObject<HTMLDivElement>;
  controller: WorkspaceController | null;
  snapshot: WorkspaceSnapshot | null;
  error: Error | null;
}

/**
 * Loads the editor bundle and mounts the workspace once per document. Later
 * option changes do not remount: the token is read through a ref on each
 * reconnect, and read-only is applied to the running controller.
 */
export function useWorkspace(
  manifest: EditorManifest,
  options: WorkspaceMountOptions,
): WorkspaceHandle {
  const editorRef = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<WorkspaceController | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const latest = useRef(options);
  latest.current = options;

  const { script, style } = manifest;
  const documentName = options.collab.documentName;
  // biome-ignore lint/correctness/useExhaustiveDependencies: another document needs a new mount
  useEffect(() => {
    let cancelled = false;
    let mounted: WorkspaceController | null = null;
    ensureStylesheet(style);
    importBundle(script)
      .then((bundle) => {
        provideColorizer(bundle.colorizeCode);
        const container = editorRef.current;
        if (cancelled || !container) return;
        const initial = latest.current;
        mounted = bundle.mountWorkspace(container, {
          ...initial,
          onRoomMessage: (message) => latest.current.onRoomMessage?.(message),
          onAccessChange: (change) => latest.current.onAccessChange?.(change),
          collab: {
            ...initial.collab,
            token: async () => {
              const token = latest.current.collab.token;
              return typeof token === 'string' ? token : token();
            },
          },
        });
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
  }, [script, style, documentName]);

  useEffect(() => {
    controller?.setReadOnly(options.readOnly);
  }, [controller, options.readOnly]);

  const snapshot = useSyncExternalStore(
    controller?.subscribe ?? noSubscription,
    controller?.getSnapshot ?? noSnapshot,
    noSnapshot,
  );
  return { editorRef, controller, snapshot, error };
}
