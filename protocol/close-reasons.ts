/**
 * Why the collab-server refuses or closes a connection. Codes are in the
 * WebSocket private range; the reason string is what the client shows.
 */
export const CLOSE_REASONS = {
  unauthorized: { code: 4401, reason: 'Unauthorized: the token is missing, tampered or expired.' },
  forbidden: { code: 4403, reason: 'Forbidden: this token does not open this document.' },
  sessionClosed: { code: 4410, reason: 'The interview session is closed.' },
  updateTooLarge: { code: 4413, reason: 'Update too large: split the change into smaller edits.' },
  documentTooLarge: {
    code: 4414,
    reason: 'Document too large: the session reached its size limit.',
  },
  tooManyFiles: { code: 4415, reason: 'Too many files: delete some before creating more.' },
  badPath: {
    code: 4416,
    reason: 'A file path is not allowed (absolute, "..", or invalid characters).',
  },
  badOrigin: { code: 4417, reason: 'This connection may not claim that edit origin.' },
  fileTooLarge: { code: 4418, reason: 'File too large: split it into several files.' },
  presenceRefused: {
    code: 4419,
    reason: 'Presence refused: a connection may only set its own presence, in small messages.',
  },
  problemLocked: {
    code: 4423,
    reason: 'This problem is done: its files can no longer be changed.',
  },
  tooManyMessages: { code: 4429, reason: 'Too many messages: slow down and reconnect.' },
  tooManyConnections: {
    code: 4430,
    reason: 'Too many connections with this token: close other tabs or wait a moment.',
  },
  malformed: { code: 4400, reason: 'Malformed message.' },
  unavailable: {
    code: 4503,
    reason: 'The server cannot reach its database right now: try again in a moment.',
  },
} as const;

export type CloseReasonName = keyof typeof CLOSE_REASONS;

export function closeReasonByCode(code: number): CloseReasonName | null {
  for (const [name, value] of Object.entries(CLOSE_REASONS)) {
    if (value.code === code) return name as CloseReasonName;
  }
  return null;
}

/**
 * The name of a refusal from the text a client received. Hocuspocus forwards
 * only the reason text when it refuses authentication (`authenticationFailed`)
 * or closes one document of a shared socket, so clients map the text back.
 */
export function closeReasonByText(reason: string): CloseReasonName | null {
  for (const [name, value] of Object.entries(CLOSE_REASONS)) {
    if (value.reason === reason) return name as CloseReasonName;
  }
  return null;
}
