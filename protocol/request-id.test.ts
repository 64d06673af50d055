import { describe, expect, it } from 'vitest';
import { acceptRequestId, requestIdOf, withRequestIdParam } from './request-id.ts';

describe('request ids', () => {
  it('accepts the edge’s and our own ids, and refuses anything long or odd', () => {
    expect(acceptRequestId('0b7c6f3f6f0a4a52a8a1b3c0d9e8f7a6')).toBe(
      '0b7c6f3f6f0a4a52a8a1b3c0d9e8f7a6',
    );
    expect(acceptRequestId(['test-123', 'other'])).toBe('test-123');
    for (const bad of ['', 'a b', 'x"y', 'line\nbreak', 'x'.repeat(129), undefined, null]) {
      expect(acceptRequestId(bad)).toBeNull();
    }
    expect(requestIdOf('has space')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rides on a WebSocket URL as a query parameter', () => {
    expect(withRequestIdParam('ws://collab:3001', 'r-1')).toBe('ws://collab:3001?requestId=r-1');
    expect(withRequestIdParam('ws://collab:3001/?a=b', 'r-1')).toBe(
      'ws://collab:3001/?a=b&requestId=r-1',
    );
    expect(withRequestIdParam('ws://collab:3001', undefined)).toBe('ws://collab:3001');
  });
});
