import { describe, expect, it } from 'vitest';
import { withLogContext } from './log-context.ts';
import { createLogger } from './logger.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('test', 'trace', {
    write: (chunk: string) => {
      lines.push(JSON.parse(chunk) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}

describe('createLogger', () => {
  it('redacts tokens, cookies, keys and candidate content wherever a careless call puts them', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        token: 'jwt-1',
        req: { headers: { authorization: 'Bearer jwt-2', cookie: 'tandem_session=abc' } },
        headers: { 'x-api-key': 'sk-1', 'set-cookie': 'tandem_session=def' },
        session: { apiKey: 'sk-2', password: 'hunter2' },
        file: { content: 'function secret() {}' },
        openFile: { code: 'let typed = 1;' },
        update: new Uint8Array([1, 2, 3]),
      },
      'careless',
    );
    const text = JSON.stringify(lines[0]);
    for (const leaked of [
      'jwt-1',
      'jwt-2',
      'abc',
      'sk-1',
      'def',
      'sk-2',
      'hunter2',
      'secret()',
      'typed',
    ]) {
      expect(text, leaked).not.toContain(leaked);
    }
  });

  it('keeps error codes: `code` is redacted only when it does not look like one', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('no sandbox'), { code: 'SANDBOX_FAILED' });
    logger.warn({ err: error, code: 'TEST_LIMIT' }, 'failed');
    expect(lines[0]).toMatchObject({ code: 'TEST_LIMIT', err: { code: 'SANDBOX_FAILED' } });
  });

  it('adds the request and connection ids of the context to every line, also after an await', async () => {
    const { logger, lines } = capture();
    await withLogContext({ requestId: 'r-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('inside');
      withLogContext({ connectionId: 'c-1' }, () => logger.info('nested'));
    });
    logger.info('outside');
    expect(lines.map((line) => [line.msg, line.requestId, line.connectionId])).toEqual([
      ['inside', 'r-1', undefined],
      ['nested', 'r-1', 'c-1'],
      ['outside', undefined, undefined],
    ]);
  });
});
