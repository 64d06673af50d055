import { createServer, type Server } from 'node:http';
import { listen } from '../protocol/listen.ts';

export interface PortToCheck {
  port: number;
  host: string;
  variables: { port: string; host: string };
}

/**
 * Fails with the same PORT_IN_USE error as the services would, before the
 * slow part of start-up (opening and migrating the database, tens of seconds
 * for a new PGlite folder on a busy machine) instead of after it. The
 * services still handle a port taken in between.
 */
export async function assertPortsFree(ports: PortToCheck[]): Promise<void> {
  for (const { port, host, variables } of ports) {
    if (port === 0) continue;
    const probe: Server = createServer();
    await listen(probe, port, host, variables);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }
}
