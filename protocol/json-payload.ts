/**
 * A stateless message's payload as a JSON object; null when it is not JSON
 * or not an object (each reader then checks the fields it knows).
 */
export function parseJsonObject(payload: string): Record<string, unknown> | null {
  if (!payload.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}
