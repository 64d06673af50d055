import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EditorManifest } from './manifest.ts';

let cached: { mtimeMs: number; manifest: EditorManifest } | null = null;

/**
 * The current editor build's manifest (public/editor/manifest.json), re-read
 * when a rebuild replaces it. Throws a 503 Response naming the fix when the
 * bundle was never built.
 */
export function readEditorManifest(publicDir = join(process.cwd(), 'public')): EditorManifest {
  const path = join(publicDir, 'editor/manifest.json');
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    throw new Response('The editor is not built yet: run `npm run build`.', { status: 503 });
  }
  if (cached?.mtimeMs !== mtimeMs) {
    cached = { mtimeMs, manifest: JSON.parse(readFileSync(path, 'utf8')) as EditorManifest };
  }
  return cached.manifest;
}

/** The code-field entry's URLs, or null when the editor bundle is not built (forms fall back to textareas). */
export function codeFieldBundle(): { script: string; style: string } | null {
  try {
    const { replay } = readEditorManifest();
    return { script: replay.script, style: replay.style };
  } catch {
    return null;
  }
}
