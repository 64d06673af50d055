import type { Server } from 'node:http';

/** A service could not listen: the message names the variables that set the address. */
export class ListenError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ListenError';
    this.code = code;
  }
}

/** The ListenError for a server's 'error' event while it starts listening. */
export function listenError(
  error: NodeJS.ErrnoException,
  port: number,
  host: string,
  variables: { port: string; host: string },
): ListenError {
  const where = `${host}:${port}`;
  return error.code === 'EADDRINUSE'
    ? new ListenError(
        'PORT_IN_USE',
        `${where} is already in use: stop what listens there or set ${variables.port}.`,
        { cause: error },
      )
    : new ListenError(
        'LISTEN_FAILED',
        `Cannot listen on ${where} (${error.code ?? error.message}): check ${variables.host} and ${variables.port}.`,
        { cause: error },
      );
}

/**
 * `server.listen` as a promise that also fails: an address in use or not
 * available rejects with the variables to change, instead of an uncaught
 * 'error' event and a start-up that never finishes.
 */
export function listen(
  server: Server,
  port: number,
  host: string,
  variables: { port: string; host: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(listenError(error, port, host, variables));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
