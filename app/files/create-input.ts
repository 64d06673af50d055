import { z } from 'zod';

/** The body of POST /api/interview/:id/files. */
export const createFileInput = z.object({
  path: z.string().min(1).max(400),
  type: z.enum(['file', 'folder']).default('file'),
  content: z.string().optional(),
});
