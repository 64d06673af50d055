// Bare Hocuspocus 4 (no extensions, in memory): what Tandem's collab-server
// builds on, configured like it (updates sent as applied, `flushDelay: false`),
// to tell Hocuspocus' own cost from what Tandem's extensions add. Run as a
// child process by collab.bench.ts: `node bench/collab/hocuspocus-server.ts` with PORT set.
import { Server } from '@hocuspocus/server';
import { reportLoopDelay } from './loop-delay.ts';

const server = new Server({
  port: Number(process.env.PORT ?? 1234),
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  flushDelay: false,
});
await server.listen();
process.stdout.write(`hocuspocus listening on ${server.address.port}\n`);
reportLoopDelay(() => server.destroy());
