import { createContext, useContext } from 'react';

/** The page's CSP script nonce: set by entry.server while rendering, empty in the browser. */
export const NonceContext = createContext('');

/** The nonce the page's inline scripts must carry. */
export function useNonce(): string {
  return useContext(NonceContext);
}
