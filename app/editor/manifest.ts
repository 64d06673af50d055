/**
 * What app/editor/build.ts writes to public/editor/manifest.json: the hashed
 * URLs of the editor bundle, so pages load the current build and caches never
 * serve a stale one.
 */
export interface EditorManifest {
  /** ES module exporting `mountWorkspace` (see api.ts). */
  script: string;
  /** Monaco's and the workspace's styles. */
  style: string;
  /** Monaco worker label → module URL. */
  workers: Record<string, string>;
  /** The replay page: its entry (exports `mountReplayEditor`, replay-api.ts), styles and worker. */
  replay: { script: string; style: string; worker: string };
  builtAt: string;
}
