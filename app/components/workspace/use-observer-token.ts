import { useEffect, useRef } from 'react';

/**
 * Keeps an observer's short-lived session token fresh: renews it through
 * /api/candidates/:id/observer-token at about two thirds of its lifetime. The
 * returned function gives the provider the newest token on each (re)connect;
 * when renewal is refused (the member was removed), the old token expires and
 * the collab-server refuses the next connection.
 */
export function useObserverToken(
  candidateId: string,
  initialToken: string,
  ttlSeconds: number,
): () => Promise<string> {
  const current = useRef(initialToken);
  useEffect(() => {
    current.current = initialToken;
    const timer = setInterval(
      () => {
        fetch(`/api/candidates/${candidateId}/observer-token`, { credentials: 'same-origin' })
          .then((response) => (response.ok ? response.json() : null))
          .then((body: { token?: unknown } | null) => {
            if (typeof body?.token === 'string') current.current = body.token;
          })
          .catch(() => {});
      },
      Math.max(10, ttlSeconds * (2 / 3)) * 1000,
    );
    return () => clearInterval(timer);
  }, [candidateId, initialToken, ttlSeconds]);
  const read = useRef(async () => current.current);
  return read.current;
}
