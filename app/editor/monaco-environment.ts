/** Set by app/editor/build.ts: Monaco worker label → hashed module URL. */
declare const __EDITOR_WORKER_URLS__: Record<string, string>;

const WORKER_FOR_LABEL: Record<string, string> = {
  typescript: 'ts',
  javascript: 'ts',
  json: 'json',
  css: 'css',
  scss: 'css',
  less: 'css',
  html: 'html',
  handlebars: 'html',
  razor: 'html',
};

/**
 * Tells Monaco where its language workers are (self-hosted under /editor/,
 * built as their own module bundles). Must run before Monaco creates a worker.
 */
export function installMonacoEnvironment(): void {
  const urls = __EDITOR_WORKER_URLS__;
  const target = globalThis as {
    MonacoEnvironment?: { getWorkerUrl(id: string, label: string): string };
  };
  target.MonacoEnvironment = {
    getWorkerUrl: (_moduleId, label) => {
      const url = urls[WORKER_FOR_LABEL[label] ?? 'editor'] ?? urls.editor!;
      return new URL(url, location.origin).href;
    },
  };
}
