const BASE = 'http://tandem.invalid';

/**
 * A redirect target from a URL or form, kept only when it is a path on this
 * origin; anything else becomes `fallback`. Browsers read `/\evil.example`
 * and `//evil.example` as another host, and strip tabs and newlines inside
 * URLs, so the value is resolved as a browser would and must stay on the
 * same origin.
 */
export function safeRedirect(value: unknown, fallback = '/dashboard'): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback;
  // Backslashes and control characters have no place in our paths.
  if (value.includes('\\') || [...value].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f')) {
    return fallback;
  }
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
