import { createHash } from 'node:crypto';

/** A strong ETag of a file's text: equal texts, equal tags. */
export function etagOf(content: string): string {
  return `"${createHash('sha256').update(content).digest('hex').slice(0, 32)}"`;
}

/** Whether an If-Match header value accepts the current tag (`*` accepts any existing file). */
export function ifMatchAccepts(header: string | null, current: string): boolean {
  if (header === null) return true;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === current);
}
