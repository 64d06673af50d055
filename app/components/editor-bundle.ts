import type { ReplayBundleModule } from '../editor/replay-api.ts';

const bundles = new Map<string, Promise<ReplayBundleModule>>();

/** The replay entry of the editor bundle, from its hashed URL (Remix's compiler leaves it alone). */
export function importReplayBundle(url: string): Promise<ReplayBundleModule> {
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

export function ensureStylesheet(href: string): void {
  if (document.querySelector(`link[data-editor-style][href="${CSS.escape(href)}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.editorStyle = '';
  document.head.append(link);
}
