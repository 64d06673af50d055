import { describe, expect, it } from 'vitest';
import { OriginTagger, type TaggableProvider } from './origin-tagger.ts';
import { decodeOriginMessage, encodeOriginMessage } from './origins.ts';

/** Records what a HocuspocusProvider would send, in order. */
function recordingProvider(): TaggableProvider & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    sendStateless: (payload) => sent.push(payload),
    flushPendingUpdates: () => sent.push('flush'),
  };
}

const tag = (origin: Parameters<typeof encodeOriginMessage>[0]) => encodeOriginMessage(origin);

describe('OriginTagger', () => {
  it('sends the tag before the edit and the reset after it, flushing batched updates first', () => {
    const provider = recordingProvider();
    const tagger = new OriginTagger(provider);
    const result = tagger.run('paste', () => {
      provider.sent.push('edit');
      return 42;
    });
    expect(result).toBe(42);
    expect(provider.sent).toEqual(['flush', tag('paste'), 'edit', 'flush', tag(null)]);
  });

  it('restores the outer tag after a nested run and sends nothing for a repeated one', () => {
    const provider = recordingProvider();
    const tagger = new OriginTagger(provider);
    tagger.run('file-op', () => {
      tagger.run('file-op', () => provider.sent.push('same'));
      tagger.run('ai-paste', () => provider.sent.push('inner'));
      expect(tagger.current).toBe('file-op');
    });
    expect(provider.sent.filter((entry) => entry !== 'flush')).toEqual([
      tag('file-op'),
      'same',
      tag('ai-paste'),
      'inner',
      tag('file-op'),
      tag(null),
    ]);
    expect(tagger.current).toBeNull();
  });

  it('resets the tag when the edit throws', () => {
    const provider = recordingProvider();
    const tagger = new OriginTagger(provider);
    expect(() =>
      tagger.run('paste', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(provider.sent.at(-1)).toBe(tag(null));
  });
});

describe('origin messages', () => {
  it('round-trip, and tell forgeries from other stateless messages', () => {
    expect(decodeOriginMessage(tag('terminal'))).toEqual({
      valid: true,
      message: { type: 'origin', origin: 'terminal' },
    });
    expect(decodeOriginMessage(tag(null))).toEqual({
      valid: true,
      message: { type: 'origin', origin: null },
    });
    expect(decodeOriginMessage('{"type":"origin","origin":"root"}')).toEqual({ valid: false });
    expect(decodeOriginMessage('{"type":"chat"}')).toBeNull();
    expect(decodeOriginMessage('not json')).toBeNull();
  });
});
