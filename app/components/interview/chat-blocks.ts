export type ChatBlock =
  | { type: 'text'; text: string }
  | { type: 'code'; language: string; code: string; complete: boolean };

/**
 * Splits an assistant answer into prose and fenced code blocks. Works on a
 * partial answer while it streams: an unclosed fence is a code block marked
 * incomplete (no insert button until it is whole).
 */
export function splitChatBlocks(text: string): ChatBlock[] {
  const blocks: ChatBlock[] = [];
  const fence = /^```([\w+-]*)[^\n]*\n/gm;
  let position = 0;
  for (;;) {
    fence.lastIndex = position;
    const open = fence.exec(text);
    if (!open) break;
    if (open.index > position)
      blocks.push({ type: 'text', text: text.slice(position, open.index) });
    const bodyStart = open.index + open[0].length;
    const close = text.indexOf('\n```', bodyStart - 1);
    if (close < 0) {
      blocks.push({
        type: 'code',
        language: open[1] ?? '',
        code: text.slice(bodyStart),
        complete: false,
      });
      return blocks.filter((block) => block.type === 'code' || block.text.trim());
    }
    blocks.push({
      type: 'code',
      language: open[1] ?? '',
      code: text.slice(bodyStart, close + 1),
      complete: true,
    });
    const after = text.indexOf('\n', close + 4);
    position = after < 0 ? text.length : after + 1;
  }
  if (position < text.length) blocks.push({ type: 'text', text: text.slice(position) });
  return blocks.filter((block) => block.type === 'code' || block.text.trim());
}
