import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchWebSocket } from './clients.ts';
import { loopDelayIn } from './loop-delay.ts';

const folder = mkdtempSync(join(tmpdir(), 'bench-parts-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the collab bench’s server measurements (loop-delay.ts)', () => {
  it('keeps loop delays within the typing windows and collections within the gc windows', () => {
    const file = join(folder, 'samples.json');
    writeFileSync(
      file,
      JSON.stringify({
        // [time, delay]: one before, three inside [1000, 2000], one after (in the gap).
        loop: [500, 90, 1000, 1, 1500, 25, 2000, 12, 2500, 300],
        // [time, count, ms, allocated, major, majorMs]: each second ending at `time`.
        gc: [
          900, 9, 9, 9, 9, 9, 2000, 4, 6, 1000, 1, 3, 3000, 2, 2, 500, 0, 0, 5000, 7, 7, 7, 7, 7,
        ],
      }),
    );
    const result = loopDelayIn(file, [[1000, 2000]], [[1000, 3000]]);
    expect(result).toMatchObject({ p50: 12, p99: 25, max: 25, longTasks: 2, longTaskMs: 37 });
    // The seconds ending at 2000 and 3000 overlap [1000, 3000]; 900 and 5000 do not.
    expect(result!.gc).toEqual({ count: 6, ms: 8, allocated: 1500, major: 1, majorMs: 3 });
  });

  it('answers null when the child wrote nothing', () => {
    expect(loopDelayIn(join(folder, 'missing.json'), [[0, 1]])).toBeNull();
  });
});

describe('bench clients (issue 12: the collab-abuse bench crashed when closing)', () => {
  it('closes a socket that is still connecting without an uncaught error', async () => {
    // A listener that never answers the upgrade: the socket stays CONNECTING.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const socket = new BenchWebSocket(`ws://127.0.0.1:${port}`);
      const closed = new Promise<number>((resolve) => socket.on('close', resolve));
      expect(socket.readyState).toBe(BenchWebSocket.CONNECTING);
      // Plain `ws` emits "WebSocket was closed before the connection was
      // established" here, which without a listener is thrown.
      socket.close();
      expect(await closed).toBe(1006);
    } finally {
      silent.close();
    }
  });
});
