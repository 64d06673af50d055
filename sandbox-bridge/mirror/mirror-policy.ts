import { isValidWorkspacePath } from '../../protocol/paths.ts';
import { IGNORED_FOLDERS, TEMPORARY_PREFIX } from '../driver/local-files.ts';

/**
 * Largest file the terminal can bring back into the document. Smaller than
 * LIMITS.maxFileChars because the collab-server refuses a single update over
 * LIMITS.maxUpdateBytes (512 KiB), and a new file arrives as one update.
 */
export const MIRROR_MAX_FILE_BYTES = 256 * 1024;

/** Whether a path found on disk may come back into the document at all. */
export function isMirroredPath(path: string): boolean {
  if (!isValidWorkspacePath(path)) return false;
  // A write's temporary file (local-files.ts), there for a few system calls.
  if (path.slice(path.lastIndexOf('/') + 1).startsWith(TEMPORARY_PREFIX)) return false;
  return !path.split('/').some((segment) => IGNORED_FOLDERS.has(segment));
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The file as text, or null when it is binary (invalid UTF-8 or NUL bytes) or too large. */
export function decodeMirroredText(bytes: Uint8Array): string | null {
  if (bytes.byteLength > MIRROR_MAX_FILE_BYTES) return null;
  if (bytes.includes(0)) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
