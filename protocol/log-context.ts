import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line written while handling one request or connection carries. */
export interface LogFields {
  /** The request id (`x-request-id`), the same in every service the request reaches. */
  requestId?: string;
  /** A WebSocket connection's own id, from connect to disconnect. */
  connectionId?: string;
}

// One store for the process: in `npm start` the three services share it, but
// each enters it at its own boundary (an HTTP request, a WebSocket
// connection), so a service's lines carry the id of what it is handling.
// Only code outside the Remix bundle may import this module: a route module
// importing it would get a second, always empty store (the app hands its
// routes `services.requestId()` instead).
const store = new AsyncLocalStorage<LogFields>();

/** Runs `fn` with these fields on every log line it writes, also after awaits. */
export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return store.run({ ...store.getStore(), ...fields }, fn);
}

/** The fields of the request or connection being handled; empty outside one. */
export function logContextFields(): LogFields {
  return store.getStore() ?? {};
}
