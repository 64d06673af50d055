// Builds the editor client (Monaco + Yjs + Hocuspocus provider) with a current
// esbuild into public/editor/, apart from Remix's classic compiler, whose
// esbuild 0.17 cannot bundle Monaco. See docs/decisions/004-editor-bundle.md.
//
//   node app/editor/build.ts            minified build with sourcemaps
//   node app/editor/build.ts --dev      unminified (readable stack traces)
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import type { EditorManifest } from './manifest.ts';

const root = process.cwd();
const outdir = join(root, 'public/editor');
const publicPath = '/editor';
const minify = !process.argv.includes('--dev');

/** Monaco's worker labels → their entry modules (module workers, one bundle each). */
const workers: Record<string, string> = {
  editor: 'monaco-editor/editor/editor.worker.js',
  ts: 'monaco-editor/language/typescript/ts.worker.js',
  json: 'monaco-editor/language/json/json.worker.js',
  css: 'monaco-editor/language/css/css.worker.js',
  html: 'monaco-editor/language/html/html.worker.js',
};

const shared: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'linked',
  outdir,
  publicPath,
  define: { 'process.env.NODE_ENV': JSON.stringify(minify ? 'production' : 'development') },
  // y-monaco-style imports of the old ESM path; 0.53+ only exports it under editor/.
  alias: { 'monaco-editor/esm/vs/editor/editor.api.js': 'monaco-editor/editor/editor.api.js' },
};

/** Output path (as a URL under /editor) of each entry point in a metafile. */
function entryOutputs(metafile: Metafile): Map<string, string> {
  const byEntry = new Map<string, string>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint && file.endsWith('.js')) {
      byEntry.set(output.entryPoint, `${publicPath}/${relative(outdir, join(root, file))}`);
    }
  }
  return byEntry;
}

function bytesOf(metafile: Metafile, filter: (file: string) => boolean): number {
  return Object.entries(metafile.outputs)
    .filter(([file]) => filter(file) && !file.endsWith('.map'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
}

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// Workers first: the main bundle needs their hashed URLs. The replay worker
// (the replay index, off the page's main thread) is built with them.
const workerBuild = await build({
  ...shared,
  entryPoints: { ...workers, replay: 'app/replay/replay-worker.ts' },
  entryNames: 'workers/[name]-[hash]',
});
const workerOutputs = [...entryOutputs(workerBuild.metafile!).values()];
const workerUrls: Record<string, string> = {};
for (const label of Object.keys(workers)) {
  const url = workerOutputs.find((file) => file.startsWith(`${publicPath}/workers/${label}-`));
  if (!url) throw new Error(`editor build: no output for the ${label} worker`);
  workerUrls[label] = url;
}
const replayWorker = workerOutputs.find((file) => file.startsWith(`${publicPath}/workers/replay-`));
if (!replayWorker) throw new Error('editor build: no output for the replay worker');

const mainBuild = await build({
  ...shared,
  // The replay page's entry shares Monaco's chunks with the workspace's.
  entryPoints: { editor: 'app/editor/index.ts', replay: 'app/editor/replay-entry.ts' },
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  assetNames: 'assets/[name]-[hash]',
  splitting: true,
  loader: { '.ttf': 'file' },
  define: { ...shared.define, __EDITOR_WORKER_URLS__: JSON.stringify(workerUrls) },
});

const mainMeta = mainBuild.metafile!;
const outputs = Object.entries(mainMeta.outputs);
const [script, scriptOutput] =
  outputs.find(([, o]) => o.entryPoint === 'app/editor/index.ts') ?? [];
const style = scriptOutput?.cssBundle;
if (!script || !style)
  throw new Error('editor build: the entry script or its stylesheet is missing');
const toUrl = (file: string) => `${publicPath}/${relative(outdir, join(root, file))}`;
const [replayScript, replayOutput] =
  outputs.find(([, o]) => o.entryPoint === 'app/editor/replay-entry.ts') ?? [];
if (!replayScript || !replayOutput?.cssBundle)
  throw new Error('editor build: the replay entry or its stylesheet is missing');

const manifest: EditorManifest = {
  script: toUrl(script),
  style: toUrl(style),
  workers: workerUrls,
  replay: {
    script: toUrl(replayScript),
    style: toUrl(replayOutput.cssBundle),
    worker: replayWorker,
  },
  builtAt: new Date().toISOString(),
};
if (process.env.EDITOR_METAFILE) {
  writeFileSync(process.env.EDITOR_METAFILE, JSON.stringify(mainMeta));
}
writeFileSync(join(outdir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
// What a page downloads before the editor appears: the entry, its static imports, the CSS.
const eager = staticClosure(mainMeta, script);
eager.push(style);
const eagerBytes = eager.reduce((sum, file) => sum + statSync(join(root, file)).size, 0);
const eagerGzip = eager.reduce(
  (sum, file) => sum + gzipSync(readFileSync(join(root, file))).length,
  0,
);
const lazyBytes = bytesOf(mainMeta, (f) => !eager.includes(f));
const workerBytes = bytesOf(workerBuild.metafile!, () => true);
console.log(
  `editor bundle: loads ${kb(eagerBytes)} (${kb(eagerGzip)} gzip) in ${eager.length} files; ` +
    `lazy languages ${kb(lazyBytes)}; workers ${kb(workerBytes)}; built in ${Date.now() - started} ms`,
);

/** The output files loaded by static imports from `entry`, the entry included. */
function staticClosure(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
    }
  }
  return [...seen];
}
