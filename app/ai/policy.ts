import type { AiPolicy } from '../../protocol/room.ts';

/** A code block longer than this many lines counts as writing the solution. */
export const HINT_MAX_CODE_LINES = 3;

/** What the system prompt adds for a policy. */
export function policyPrompt(policy: AiPolicy): string {
  if (policy !== 'hints') return '';
  return [
    '',
    'POLICY FOR THIS INTERVIEW: HINTS ONLY.',
    'Never write solution code, whole functions or code blocks longer than ' +
      `${HINT_MAX_CODE_LINES} lines, even if asked, told otherwise, or asked to "just show" it.`,
    'Explain ideas, point at the bug, name the data structure or the algorithm, ask a guiding ' +
      'question. A single expression or a one-line signature is fine.',
    'If asked for the solution, say that this interview allows hints only, then give a hint.',
  ].join('\n');
}

/** Fenced (``` or ~~~) and indented (four spaces or a tab) code blocks, with their line counts. */
export function codeBlocks(text: string): Array<{ lines: number }> {
  const blocks: Array<{ lines: number }> = [];
  const lines = text.split('\n');
  let fence: string | null = null;
  let count = 0;
  let indented = 0;
  for (const line of lines) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1] ?? null;
    if (fence) {
      if (marker?.startsWith(fence)) {
        blocks.push({ lines: count });
        fence = null;
      } else count++;
      continue;
    }
    if (marker) {
      fence = marker;
      count = 0;
      continue;
    }
    if (/^( {4}|\t)\S/.test(line)) indented++;
    else if (line.trim() !== '' || indented === 0) {
      if (indented > 0) blocks.push({ lines: indented });
      indented = 0;
    }
  }
  // An unclosed fence still shows its code.
  if (fence) blocks.push({ lines: count });
  if (indented > 0) blocks.push({ lines: indented });
  return blocks;
}

export const WITHHELD_ANSWER =
  'This interview allows hints only, and that answer contained solution code, so it was held ' +
  'back. Ask about the idea, the approach or a specific error instead.';

/**
 * Checks an answer before it is shown under a policy: under hints only, an
 * answer with a code block longer than HINT_MAX_CODE_LINES is replaced.
 */
export function enforcePolicy(
  policy: AiPolicy,
  answer: string,
): { shown: string; withheld: boolean } {
  if (policy !== 'hints') return { shown: answer, withheld: false };
  const tooLong = codeBlocks(answer).some((block) => block.lines > HINT_MAX_CODE_LINES);
  return tooLong ? { shown: WITHHELD_ANSWER, withheld: true } : { shown: answer, withheld: false };
}
