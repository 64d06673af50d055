import { apiError } from './responses.server.ts';

/**
 * A whole number from a URL's query, between `min` and `max` (both within
 * JavaScript's and Postgres integer range by default). Absent or empty gives
 * `fallback`; anything else that is not plain digits in range throws a 400
 * BAD_NUMBER naming the parameter, instead of reaching the database as a huge,
 * negative or fractional number and ending in a 500.
 */
export function numberParam(
  params: URLSearchParams,
  name: string,
  options: { fallback: number; min?: number; max?: number },
): number {
  const { fallback, min = 0, max = 2_147_483_647 } = options;
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw apiError(
      400,
      'BAD_NUMBER',
      `The "${name}" parameter must be a whole number from ${min} to ${max}; got ${JSON.stringify(raw.slice(0, 40))}.`,
    );
  }
  return value;
}
