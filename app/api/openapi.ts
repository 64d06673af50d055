import { z } from 'zod';
import { ENDPOINTS, type Endpoint, type ResponseSpec } from './endpoints.ts';
import { apiErrorSchema } from './schemas.ts';

type JsonObject = Record<string, unknown>;

const SECURITY: Record<Endpoint['auth'], JsonObject[]> = {
  candidate: [{ candidateCookie: [] }, { sessionToken: [] }],
  member: [{ memberSession: [] }],
  'candidate-or-member': [{ candidateCookie: [] }, { memberSession: [] }, { sessionToken: [] }],
  none: [],
};

/** Names every schema once, so the document refers to components instead of repeating them. */
function collectSchemas(endpoints: Endpoint[]) {
  const names = new Map<z.ZodType, string>();
  const name = (schema: z.ZodType, suggested: string) => {
    if (!names.has(schema)) names.set(schema, suggested);
    return names.get(schema)!;
  };
  name(apiErrorSchema, 'ApiError');
  for (const endpoint of endpoints) {
    const base = endpoint.summary
      .replace(/\(.*?\)/g, '')
      .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
    const id =
      `${endpoint.method[0]!.toUpperCase()}${endpoint.method.slice(1)}${base.charAt(0).toUpperCase()}${base.slice(1)}`.slice(
        0,
        60,
      );
    if (endpoint.request?.json) name(endpoint.request.json, `${id}Request`);
    for (const [status, response] of Object.entries(endpoint.responses)) {
      if (response.json) name(response.json, `${id}${status}`);
      for (const [event, schema] of Object.entries(response.sse ?? {}))
        name(schema, `${id}Event_${event}`);
    }
  }
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  }) as {
    schemas: Record<string, JsonObject>;
  };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return {
    schemas,
    ref: (schema: z.ZodType) => ({ $ref: `#/components/schemas/${names.get(schema)}` }),
  };
}

function responseObject(
  spec: ResponseSpec,
  ref: (schema: z.ZodType) => JsonObject,
  status: number,
): JsonObject {
  if (spec.json)
    return {
      description: spec.description,
      content: { 'application/json': { schema: ref(spec.json) } },
    };
  if (spec.text)
    return {
      description: spec.description,
      content: { 'text/plain': { schema: { type: 'string' } } },
    };
  if (spec.binary) {
    return {
      description: spec.description,
      content: { [spec.binary]: { schema: { type: 'string', contentEncoding: 'binary' } } },
    };
  }
  if (spec.sse) {
    const events = Object.entries(spec.sse).map(([event, schema]) => ({
      type: 'object',
      description: `event: ${event}`,
      properties: { event: { const: event }, data: ref(schema) },
      required: ['event', 'data'],
    }));
    return {
      description: `${spec.description} Each frame is \`event: <name>\\ndata: <JSON>\\n\\n\`.`,
      content: { 'text/event-stream': { schema: { oneOf: events } } },
    };
  }
  if (status >= 400)
    return {
      description: spec.description,
      content: { 'application/json': { schema: ref(apiErrorSchema) } },
    };
  return { description: spec.description };
}

/** The OpenAPI 3.1 document of the public API, from the same zod schemas the routes use. */
export function buildOpenApiDocument(serverUrl?: string): JsonObject {
  const { schemas, ref } = collectSchemas(ENDPOINTS);
  const paths: Record<string, JsonObject> = {};
  for (const endpoint of ENDPOINTS) {
    const parameters = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
      description:
        name === 'path' ? 'A workspace-relative file path (may contain /).' : 'The candidate id.',
    }));
    for (const header of endpoint.headers ?? []) {
      parameters.push({
        name: header.name,
        in: 'header',
        required: false,
        schema: { type: 'string' },
        description: header.description,
      });
    }
    const responses: JsonObject = {};
    for (const [status, spec] of Object.entries(endpoint.responses))
      responses[status] = responseObject(spec, ref, Number(status));
    responses.default = {
      description: 'An error with a code and a sentence.',
      content: { 'application/json': { schema: ref(apiErrorSchema) } },
    };
    const operation: JsonObject = {
      operationId: `${endpoint.method}${endpoint.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9_]+/g, '_')}`,
      summary: endpoint.summary,
      security: SECURITY[endpoint.auth],
      parameters,
      responses,
    };
    if (endpoint.request?.json) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: ref(endpoint.request.json) } },
      };
    } else if (endpoint.request?.text) {
      operation.requestBody = {
        required: true,
        content: { 'text/plain': { schema: { type: 'string' } } },
      };
    }
    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tandem API',
      version: '1.0.0',
      description:
        'The public JSON and SSE API of Tandem. Errors are `{ "error": { "code", "message" } }`; switch on the code.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas,
      securitySchemes: {
        candidateCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tandem_candidate',
          description:
            'Set when the candidate starts from the invitation link; names up to 8 interviews started in that browser.',
        },
        memberSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'better-auth.session_token',
          description: 'A hiring-team sign-in.',
        },
        sessionToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A session token for one interview session.',
        },
      },
    },
  };
}
