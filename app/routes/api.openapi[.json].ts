import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { buildOpenApiDocument } from '#app/api/openapi.ts';

let cached: ReturnType<typeof buildOpenApiDocument> | null = null;

/** GET /api/openapi.json — the public API, described from the zod schemas that validate it. */
export function loader({ context }: LoaderFunctionArgs) {
  cached ??= buildOpenApiDocument(context.services.config.PUBLIC_URL);
  return json(cached, { headers: { 'cache-control': 'public, max-age=300' } });
}
