/**
 * Recent file versions the API has served or written, by ETag, so that a PUT
 * whose If-Match names an older version can be merged (three-way) instead of
 * refused when the file changed elsewhere meanwhile. Bounded; a miss simply
 * means the strict answer (409).
 */
const MAX_ENTRIES = 500;
const MAX_CHARS = 8_000_000;
const versions = new Map<string, string>();
let chars = 0;

const key = (sessionId: string, path: string, etag: string) =>
  `${sessionId}\u0000${path}\u0000${etag}`;

export function rememberVersion(
  sessionId: string,
  path: string,
  etag: string,
  content: string,
): void {
  const k = key(sessionId, path, etag);
  if (versions.has(k)) {
    versions.delete(k);
    versions.set(k, content);
    return;
  }
  versions.set(k, content);
  chars += content.length;
  for (const [oldest, text] of versions) {
    if (versions.size <= MAX_ENTRIES && chars <= MAX_CHARS) break;
    versions.delete(oldest);
    chars -= text.length;
  }
}

export function recallVersion(sessionId: string, path: string, etag: string): string | null {
  return versions.get(key(sessionId, path, etag.replace(/^W\//, ''))) ?? null;
}
