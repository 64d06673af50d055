import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBatcher } from './event-batcher.ts';

let server: Server;
let url: string;
let batches: Array<{ sentAt: number; events: Array<{ type: string }> }>;
let failNext = 0;

beforeEach(async () => {
  batches = [];
  failNext = 0;
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    if (failNext > 0) {
      failNext -= 1;
      response.writeHead(503).end();
      return;
    }
    batches.push(JSON.parse(body));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/batch`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('the client event batcher', () => {
  it('sends a batch as soon as it holds the maximum number of events', async () => {
    const batcher = new EventBatcher({ endpoint: url, intervalMs: 60_000, maxBatch: 3 });
    for (const focused of [true, false, true]) batcher.add('focus', { focused });
    await until(() => batches.length === 1);
    expect(batches[0]!.events.map((e) => e.type)).toEqual(['focus', 'focus', 'focus']);
    expect(batches[0]!.sentAt).toBeGreaterThan(0);
    batcher.destroy();
  });

  it('sends what waits after the interval', async () => {
    const batcher = new EventBatcher({ endpoint: url, intervalMs: 50 });
    batcher.add('file_open', { path: 'a.ts' });
    await until(() => batches.length === 1);
    expect(batches[0]!.events).toHaveLength(1);
    batcher.destroy();
  });

  it('keeps a failed batch and sends it again in order', async () => {
    failNext = 1;
    const batcher = new EventBatcher({ endpoint: url, intervalMs: 30 });
    batcher.add('focus', { focused: false });
    batcher.add('visibility', { visible: false });
    await batcher.flush();
    expect(batcher.pending()).toBe(2);
    batcher.add('focus', { focused: true });
    await until(() => batches.length === 1);
    expect(batches[0]!.events.map((e) => e.type)).toEqual(['focus', 'visibility', 'focus']);
    expect(batcher.pending()).toBe(0);
    batcher.destroy();
  });
});
