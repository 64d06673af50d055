import { describe, expect, it } from 'vitest';
import { ConnectionQuota } from './connection-quota.ts';
import { MessageBudget } from './message-budget.ts';

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ConnectionQuota', () => {
  const limits = { maxConnections: 3, attemptsPerSecond: 1, attemptBurst: 4, refusalCost: 2 };

  it('refuses a connection beyond maxConnections open ones, and admits again when one closes', () => {
    const time = clock();
    const quota = new ConnectionQuota(limits, time.now);
    for (let i = 0; i < 3; i++) {
      expect(quota.admit('a')).toBeNull();
      quota.opened('a');
    }
    expect(quota.admit('a')).toBe('tooManyConnections');
    expect(quota.admit('b')).toBeNull();
    quota.closed('a');
    time.advance(1000);
    expect(quota.admit('a')).toBeNull();
  });

  it('admits a burst of attempts, then one per second', () => {
    const time = clock();
    const quota = new ConnectionQuota(limits, time.now);
    for (let i = 0; i < 4; i++) expect(quota.admit('a')).toBeNull();
    expect(quota.admit('a')).toBe('tooManyConnections');
    time.advance(1000);
    expect(quota.admit('a')).toBeNull();
    expect(quota.admit('a')).toBe('tooManyConnections');
  });

  it('charges refusals, each twice the one before, so a client refused again and again waits longer each time', () => {
    const time = clock();
    const quota = new ConnectionQuota({ ...limits, maxRefusalCost: 8 }, time.now);
    expect(quota.admit('a')).toBeNull();
    quota.refused('a'); // costs 2
    expect(quota.admit('a')).toBeNull(); // refused once: reconnects at once
    quota.refused('a'); // costs 4
    // 4 − 1 − 2 − 1 − 4 = −4 tokens: five seconds until one attempt.
    time.advance(4900);
    expect(quota.admit('a')).toBe('tooManyConnections');
    time.advance(200);
    expect(quota.admit('a')).toBeNull();
    quota.refused('a'); // costs 8
    quota.refused('a'); // capped at 8
    // 1.1 − 1 − 8 − 8 = −15.9 tokens: 16.9 s until one attempt.
    time.advance(16_600);
    expect(quota.admit('a')).toBe('tooManyConnections');
    time.advance(400);
    expect(quota.admit('a')).toBeNull();
  });

  it('starts charging refusals from the first cost again once the attempts have refilled', () => {
    const time = clock();
    const quota = new ConnectionQuota(limits, time.now);
    quota.refused('a'); // 2
    quota.refused('a'); // 4
    quota.refused('a'); // 8: −10 tokens
    time.advance(14_000); // refilled to the burst of 4
    quota.closed('a'); // no connection left and the bucket is full: forgotten
    quota.refused('a'); // 2 again: 4 − 2 = 2 tokens
    expect(quota.admit('a')).toBeNull();
    expect(quota.admit('a')).toBeNull();
    expect(quota.admit('a')).toBe('tooManyConnections');
  });

  it('forgets keys with no open connection once their attempts have refilled', () => {
    const time = clock();
    const quota = new ConnectionQuota(limits, time.now);
    for (let i = 0; i < 300; i++) quota.admit(`key-${i}`);
    expect(quota.size).toBe(300); // each spent an attempt: not refilled yet
    time.advance(10_000);
    for (let i = 0; i < 256; i++) quota.admit('again');
    expect(quota.size).toBe(1); // only 'again', whose attempts are spent
  });
});

describe('MessageBudget', () => {
  it('allows ten times the message rate at once, then the rate', () => {
    const time = clock();
    const budget = new MessageBudget({ messagesPerSecond: 10, bytesPerSecond: 1000 }, time.now);
    for (let i = 0; i < 100; i++) expect(budget.spend(1)).toBeNull();
    expect(budget.spend(1)).toBe('messages per second');
    time.advance(100);
    expect(budget.spend(1)).toBeNull();
  });

  it('allows four times the byte rate at once, then the rate', () => {
    const time = clock();
    const budget = new MessageBudget({ messagesPerSecond: 100, bytesPerSecond: 1000 }, time.now);
    expect(budget.spend(4000)).toBeNull();
    expect(budget.spend(10)).toBe('bytes per second');
    time.advance(500);
    expect(budget.spend(500)).toBeNull();
  });
});
