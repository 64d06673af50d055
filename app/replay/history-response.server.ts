import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  encodeHistory,
  HISTORY_CONTENT_TYPE,
  type SessionHistory,
} from '../../protocol/history-format.ts';

const gzipAsync = promisify(gzip);

/** Bodies smaller than this go uncompressed: gzip's framing would cost more than it saves. */
const GZIP_MIN_BYTES = 1024;

/**
 * Caching of a history body. The encoding is deterministic, so a hash of the
 * bytes is a strong ETag: a client that already has them gets a 304. A live
 * session changes with every keystroke (`no-cache`: always revalidate); a
 * finished one changes only when an interviewer edits a note afterwards, so
 * it may be reused for a few minutes. `private` and `Vary: Cookie`: the body
 * belongs to one signed-in member, never to a shared cache or the next person
 * signing in on the same browser.
 */
export function historyCacheControl(live: boolean): string {
  return live ? 'private, no-cache' : 'private, max-age=300';
}

/** The strong ETag of an encoded history (of its identity encoding). */
export function historyEtag(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/**
 * Whether `If-None-Match` names this body. The gzip representation carries
 * the same tag with a `-gzip` suffix (a strong tag must differ between
 * content codings); both mean the same bytes, so either matches.
 */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.slice(1, -1);
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag || tag === `"${bare}-gzip"`;
  });
}

function acceptsGzip(request: Request): boolean {
  const header = request.headers.get('accept-encoding') ?? '';
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * The history API's response: the encoded history with its ETag and cache
 * headers, a 304 when the client has it already, gzip when accepted (the
 * binary format still compresses about 3×: repeated Yjs client ids and
 * struct headers). Compression runs on libuv's thread pool, not the event loop.
 */
export async function historyResponse(
  request: Request,
  history: SessionHistory,
  options: { live: boolean },
): Promise<Response> {
  const body = encodeHistory(history);
  const identityTag = historyEtag(body);
  const compress = body.byteLength >= GZIP_MIN_BYTES && acceptsGzip(request);
  const etag = compress ? `"${identityTag.slice(1, -1)}-gzip"` : identityTag;
  const headers = new Headers({
    'cache-control': historyCacheControl(options.live),
    vary: 'Cookie, Accept-Encoding',
    etag,
  });
  if (etagMatches(request.headers.get('if-none-match'), identityTag)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set('content-type', HISTORY_CONTENT_TYPE);
  const sent = compress ? new Uint8Array(await gzipAsync(body)) : body;
  if (compress) headers.set('content-encoding', 'gzip');
  headers.set('content-length', String(sent.byteLength));
  // lib0's encoder and zlib both hand out bytes over a plain ArrayBuffer.
  return new Response(sent as Uint8Array<ArrayBuffer>, { status: 200, headers });
}
