import { useEffect, useRef } from 'react';

/**
 * Keeps an observer's short-lived session token fresh: renews it through
 * /api/candidates/:id/observer-token at about two thirds of its lifetime. The
 * returned function gives the provider the newest token on each (re)connect;
 * when renewal is refused (the member was removed), the old token expires and
 * the collab-server refuses the next connection. With `pair`, it renews a
 * pair token (decision 027) instead.
 */
export function useObserverToken(
  candidateId: string,
  initialToken: string,
  ttlSeconds: number,
  pair = false,
): () => Promise<string> {
  const current = useRef(initialToken);
  useEffect(() => {
    current.current = initialToken;
    const timer = setInterval(
      () => {
        const query = pair ? '?pair=1' : '';
        fetch(`/api/candidates/${candidateId}/observer-token${query}`, {
          credentials: 'same-origin',
        })
          .then((response) => (response.ok ? response.json() : null))
          .then((body: { token?: unknown } | null) => {
            if (typeof body?.token === 'string') current.current = body.token;
          })
          .catch(() => {});
      },
      Math.max(10, ttlSeconds * (2 / 3)) * 1000,
    );
    return () => clearInterval(timer);
  }, [candidateId, initialToken, ttlSeconds, pair]);
  const read = useRef(async () => current.current);
  return read.current;
}
