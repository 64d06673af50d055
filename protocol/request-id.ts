import { randomUUID } from 'node:crypto';

/** The header that carries a request id between the edge and the services. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The query parameter that carries it on a WebSocket URL (a provider sends no custom headers). */
export const REQUEST_ID_PARAM = 'requestId';

/** nginx's $request_id (32 hex digits), UUIDs and similar: short, no spaces or quotes. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id a caller sent when it is one we can log as it is, else null: an
 * id from outside is only a label, so anything long or odd is replaced.
 */
export function acceptRequestId(value: string | string[] | null | undefined): string | null {
  const id = Array.isArray(value) ? value[0] : value;
  return id && SANE_ID.test(id) ? id : null;
}

/** A fresh id for a request that arrived without a usable one. */
export function newRequestId(): string {
  return randomUUID();
}

/** The caller's id when it is usable, otherwise a fresh one. */
export function requestIdOf(value: string | string[] | null | undefined): string {
  return acceptRequestId(value) ?? newRequestId();
}

/** A WebSocket URL with the request id as a query parameter (none when there is no id). */
export function withRequestIdParam(url: string, requestId: string | undefined): string {
  if (!requestId) return url;
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}${REQUEST_ID_PARAM}=${encodeURIComponent(requestId)}`;
}
