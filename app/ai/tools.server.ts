import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { findPathProblem } from '../../protocol/paths.ts';
import { truncateToTokens } from './context.server.ts';

/** Tools that let the assistant look at the workspace (read-only). */
export const WORKSPACE_TOOLS: Tool[] = [
  {
    name: 'list_files',
    description: 'Lists the paths of all files in the candidate’s workspace.',
    input_schema: { type: 'object', properties: {} },
  },
  {
    name: 'read_file',
    description: 'Reads one file of the candidate’s workspace.',
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Workspace-relative path, e.g. solution.ts' },
      },
      required: ['path'],
    },
  },
];

/** Runs one tool call against the workspace files; always returns text for the model. */
export function runWorkspaceTool(
  name: string,
  input: unknown,
  files: Record<string, string>,
): { content: string; isError: boolean } {
  if (name === 'list_files') {
    return { content: Object.keys(files).sort().join('\n') || '(no files)', isError: false };
  }
  if (name === 'read_file') {
    const path =
      typeof input === 'object' && input ? (input as { path?: unknown }).path : undefined;
    if (typeof path !== 'string' || findPathProblem(path)) {
      return { content: 'read_file needs a workspace-relative path.', isError: true };
    }
    const content = files[path];
    if (content === undefined) return { content: `No file named ${path}.`, isError: true };
    return { content: truncateToTokens(content, 4000), isError: false };
  }
  return { content: `Unknown tool ${name}.`, isError: true };
}
