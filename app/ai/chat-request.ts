import { z } from 'zod';

/** The body of POST /api/interview/:id/chat. */
export const chatRequestSchema = z.object({
  message: z
    .string()
    .trim()
    .min(1, 'Write a message.')
    .max(8000, 'Keep a message under 8,000 characters.'),
  openFile: z
    .object({ path: z.string().min(1).max(200), content: z.string().max(500_000) })
    .nullable()
    .optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
