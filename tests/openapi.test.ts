import { readdirSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ENDPOINTS } from '../app/api/endpoints.ts';
import { buildOpenApiDocument } from '../app/api/openapi.ts';
import { apiErrorSchema } from '../app/api/schemas.ts';
import { readSse, startDemoInterview } from './support/candidate.ts';
import type { FakeAnthropic } from './support/fake-anthropic.ts';
import { signedInClient } from './support/fixtures.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

/** The documented schema of a response, or a failure naming what is missing. */
function documented(method: string, path: string, status: number) {
  const endpoint = ENDPOINTS.find((e) => e.method === method && e.path === path);
  if (!endpoint) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`);
  const spec = endpoint.responses[status];
  if (!spec) throw new Error(`${method.toUpperCase()} ${path} does not document status ${status}`);
  return spec;
}

/** Asserts a real JSON response matches what the document says for its status. */
async function expectDocumented(method: string, path: string, response: Response) {
  const spec = documented(method, path, response.status);
  const body = await response.json();
  const schema: z.ZodType = response.status >= 400 ? apiErrorSchema : spec.json!;
  const result = schema.safeParse(body);
  expect(
    result.success,
    `${method} ${path} ${response.status}: ${JSON.stringify(result.error?.issues)}`,
  ).toBe(true);
  return body;
}

/** Asserts every frame of a real SSE response is a documented event with a valid payload. */
async function expectDocumentedStream(method: string, path: string, response: Response) {
  const spec = documented(method, path, response.status);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events = await readSse(response);
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    const schema = spec.sse?.[event.event];
    expect(schema, `undocumented event ${event.event} on ${path}`).toBeDefined();
    const result = schema!.safeParse(event.data);
    expect(result.success, `${path} ${event.event}: ${JSON.stringify(result.error?.issues)}`).toBe(
      true,
    );
  }
  return events;
}

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(buildOpenApiDocument('http://localhost:3000'));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every API route module, and nothing that does not exist', () => {
    const routes = readdirSync('app/routes')
      .filter((file) => file.startsWith('api.') && !file.startsWith('api.auth.'))
      .map((file) => file.replace(/\.tsx?$/, ''));
    const documentedRoutes = new Set(ENDPOINTS.map((e) => e.route));
    for (const route of routes)
      expect(documentedRoutes, `route ${route} is missing from the document`).toContain(route);
    for (const route of documentedRoutes) {
      if (!route.startsWith('server:'))
        expect(routes, `documented route ${route} has no module`).toContain(route);
    }
  });
});

describe('real responses match the document', () => {
  let stack: TestStack;
  let anthropic: FakeAnthropic;
  beforeAll(async () => {
    stack = await startTestStack({ assistant: true });
    anthropic = stack.anthropic!;
    anthropic.script({ text: ['Try a map.'] });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('answers every documented endpoint with a documented body', async () => {
    const base = stack.baseUrl;
    const { browser, candidateId } = await startDemoInterview(stack);
    const p = (suffix: string) => `/api/interview/${candidateId}${suffix}`;

    await expectDocumented('get', '/healthz', await fetch(`${base}/healthz`));
    await expectDocumented('get', '/readyz', await fetch(`${base}/readyz`));
    const openapi = await fetch(`${base}/api/openapi.json`);
    expect(openapi.status).toBe(200);

    await expectDocumented(
      'post',
      '/api/interview/{id}/initialize',
      await browser.postJson(p('/initialize')),
    );
    await expectDocumented(
      'get',
      '/api/interview/{id}/status',
      await browser.request(p('/status')),
    );
    await expectDocumented(
      'get',
      '/api/interview/{id}/status',
      await new TestClient(base).request(p('/status')),
    );
    await expectDocumentedStream(
      'post',
      '/api/interview/{id}/chat',
      await browser.postJson(p('/chat'), { message: 'hint?' }),
    );
    await expectDocumented(
      'post',
      '/api/interview/{id}/chat',
      await browser.postJson(p('/chat'), { message: '' }),
    );
    await expectDocumentedStream(
      'post',
      '/api/interview/{id}/run-tests',
      await browser.postJson(p('/run-tests')),
    );
    await expectDocumented(
      'post',
      '/api/interview/{id}/events/batch',
      await browser.postJson(p('/events/batch'), {
        events: [{ type: 'focus', timestamp: Date.now(), data: { focused: true } }],
      }),
    );
    await expectDocumented(
      'post',
      '/api/interview/{id}/events/batch',
      await browser.postJson(p('/events/batch'), { events: [] }),
    );

    await expectDocumented('get', '/api/interview/{id}/files', await browser.request(p('/files')));
    await expectDocumented(
      'post',
      '/api/interview/{id}/files',
      await browser.postJson(p('/files'), { path: 'notes.md', content: '# notes' }),
    );
    await expectDocumented(
      'post',
      '/api/interview/{id}/files',
      await browser.postJson(p('/files'), { path: 'notes.md' }),
    );
    const read = await browser.request(p('/files/notes.md'));
    expect(read.status).toBe(200);
    expect(documented('get', '/api/interview/{id}/files/{path}', 200).text).toBe(true);
    await expectDocumented(
      'put',
      '/api/interview/{id}/files/{path}',
      await browser.request(p('/files/notes.md'), {
        method: 'PUT',
        body: '# more notes',
        headers: { 'if-match': read.headers.get('etag')! },
      }),
    );
    await expectDocumented(
      'delete',
      '/api/interview/{id}/files/{path}',
      await browser.request(p('/files/notes.md'), { method: 'DELETE' }),
    );

    const member = await signedInClient(base, stack.demo.interviewerEmail, stack.demo.password);
    await expectDocumented(
      'get',
      '/api/candidates/{id}/activity',
      await member.request(`/api/candidates/${candidateId}/activity`),
    );
    const history = await member.request(`/api/candidates/${candidateId}/history`);
    expect(history.status).toBe(200);
    expect(history.headers.get('content-type')).toContain(
      documented('get', '/api/candidates/{id}/history', 200).binary!,
    );

    await expectDocumented(
      'post',
      '/api/interview/{id}/submit',
      await browser.postJson(p('/submit')),
    );
  }, 120_000);
});
