import { json } from '@remix-run/node';

/** A JSON error body every API answers with: `{ error: { code, message } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** A JSON error response with a code and a sentence. */
export function apiError(status: number, code: string, message: string, details?: unknown) {
  const body: ApiErrorBody = {
    error: { code, message, ...(details === undefined ? {} : { details }) },
  };
  return json(body, { status });
}

/** Throws a Response with status and message when the condition is false (Epic Stack style). */
export function invariantResponse(
  condition: unknown,
  message: string,
  init: { status?: number } = {},
): asserts condition {
  if (!condition) {
    throw new Response(message, {
      status: init.status ?? 400,
      headers: { 'content-type': 'text/plain' },
    });
  }
}
