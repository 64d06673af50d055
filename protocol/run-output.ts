/**
 * What a test process printed (a compiler's errors, a crash, console output),
 * as the test panel, the observer and the report show it. The candidate writes
 * that text: it is cleaned of escape sequences and control characters, bounded,
 * and always shown as text inside its own labelled block, never as result lines.
 */

/** Characters shown before "Show all". */
export const RUN_OUTPUT_PREVIEW_CHARS = 8 * 1024;
/** Characters kept per result (test_results.output); the session event carries the preview only. */
export const RUN_OUTPUT_STORED_CHARS = 32 * 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what we strip
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Output without terminal escapes, carriage returns, other control or bidi characters. */
export function cleanRunOutput(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ESCAPES, '').replace(CONTROLS, '');
}

/** The first `limit` characters, with a last line saying how much was left out. */
export function boundRunOutput(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n… ${text.length - limit} more characters not kept`;
}

/** Cleaned and bounded: what a result's `output` holds. */
export function runOutputOf(raw: string | null | undefined, limit: number): string | null {
  if (!raw) return null;
  const text = boundRunOutput(cleanRunOutput(raw), limit);
  return text.trim() ? text : null;
}

/** The part shown at first and the rest behind "Show all". */
export function previewOf(text: string): { head: string; rest: string } {
  if (text.length <= RUN_OUTPUT_PREVIEW_CHARS) return { head: text, rest: '' };
  // Cut at a line end when one is near, so the preview does not end mid-line.
  const cut = text.lastIndexOf('\n', RUN_OUTPUT_PREVIEW_CHARS);
  const at = cut > RUN_OUTPUT_PREVIEW_CHARS - 400 ? cut + 1 : RUN_OUTPUT_PREVIEW_CHARS;
  return { head: text.slice(0, at), rest: text.slice(at) };
}
