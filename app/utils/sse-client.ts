/** One server-sent event as the browser receives it. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * Reads a text/event-stream response body (from a POST, which EventSource
 * cannot do) and calls `onEvent` for each event as soon as it is complete.
 */
export async function readSseStream(
  response: Response,
  onEvent: (event: SseEvent) => void,
): Promise<void> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary = buffer.indexOf('\n\n');
    while (boundary >= 0) {
      const frame = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const parsed = parseFrame(frame);
      if (parsed) onEvent(parsed);
      boundary = buffer.indexOf('\n\n');
    }
  }
  const last = parseFrame(buffer);
  if (last) onEvent(last);
}

function parseFrame(frame: string): SseEvent | null {
  if (!frame.trim()) return null;
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  const text = data.join('\n');
  try {
    return { event, data: text ? JSON.parse(text) : null };
  } catch {
    return { event, data: text };
  }
}
