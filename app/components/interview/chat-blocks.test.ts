import { describe, expect, it } from 'vitest';
import { splitChatBlocks } from './chat-blocks.ts';

describe('splitting an assistant answer into prose and code', () => {
  it('finds fenced code blocks with their language', () => {
    const text = 'Try this:\n```ts\nconst a = 1;\nconst b = 2;\n```\nThen run the tests.';
    expect(splitChatBlocks(text)).toEqual([
      { type: 'text', text: 'Try this:\n' },
      { type: 'code', language: 'ts', code: 'const a = 1;\nconst b = 2;\n', complete: true },
      { type: 'text', text: 'Then run the tests.' },
    ]);
  });

  it('marks a fence that is still streaming as incomplete', () => {
    expect(splitChatBlocks('Here:\n```python\ndef f():\n    ret')).toEqual([
      { type: 'text', text: 'Here:\n' },
      { type: 'code', language: 'python', code: 'def f():\n    ret', complete: false },
    ]);
  });

  it('keeps plain prose as one block', () => {
    expect(splitChatBlocks('Use a `Map`.')).toEqual([{ type: 'text', text: 'Use a `Map`.' }]);
  });
});
