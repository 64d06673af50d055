import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** `scheme://host[:port]` of a ws(s):// or http(s):// URL, for connect-src. */
function sourceOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * The Content-Security-Policy of every response. Scripts come only from this
 * origin or carry the page's nonce (Remix's inline hydration scripts); Monaco
 * and the replay start workers from our files or blobs; Monaco and React set
 * inline styles; the page connects only to us, the collab-server and the
 * bridge's terminal, at the public URLs the pages are given.
 */
export function contentSecurityPolicy(
  nonce: string,
  urls: { collab: string; terminal: string },
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ${sourceOf(urls.collab)} ${sourceOf(urls.terminal)}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Sets the security headers on every response and a fresh script nonce in
 * `response.locals.cspNonce`, which the page's scripts carry (entry.server).
 */
export function securityHeaders(urls: { collab: string; terminal: string }) {
  return (_request: Request, response: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString('base64');
    response.locals.cspNonce = nonce;
    response.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, urls));
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    next();
  };
}
