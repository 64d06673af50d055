/** Codes of the bridge's errors; callers switch on them, never on message text. */
export type BridgeErrorCode =
  | 'BAD_PATH'
  | 'BAD_REQUEST'
  | 'METHOD_NOT_ALLOWED'
  | 'TOO_LARGE'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_CLOSED'
  | 'TERMINAL_DISABLED'
  | 'NO_TESTS'
  | 'NO_SUCH_PROBLEM'
  | 'RUN_IN_PROGRESS'
  | 'SANDBOX_UNAVAILABLE'
  | 'SANDBOX_FAILED'
  | 'SANDBOX_LIMITS_UNAVAILABLE'
  | 'SANDBOX_UNISOLATED'
  | 'MODAL_NOT_CONFIGURED'
  | 'MODAL_UNREACHABLE'
  | 'ARCHIVE_FAILED'
  | 'DOCUMENT_UNAVAILABLE'
  | 'LEASE_LOST'
  | 'SESSION_OWNED_ELSEWHERE';

const STATUS: Record<BridgeErrorCode, number> = {
  BAD_PATH: 400,
  BAD_REQUEST: 400,
  METHOD_NOT_ALLOWED: 405,
  TOO_LARGE: 413,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  SESSION_NOT_FOUND: 404,
  SESSION_CLOSED: 409,
  TERMINAL_DISABLED: 403,
  NO_TESTS: 422,
  NO_SUCH_PROBLEM: 404,
  RUN_IN_PROGRESS: 409,
  SANDBOX_UNAVAILABLE: 503,
  SANDBOX_FAILED: 500,
  SANDBOX_LIMITS_UNAVAILABLE: 500,
  SANDBOX_UNISOLATED: 500,
  MODAL_NOT_CONFIGURED: 500,
  MODAL_UNREACHABLE: 503,
  ARCHIVE_FAILED: 500,
  DOCUMENT_UNAVAILABLE: 503,
  LEASE_LOST: 409,
  SESSION_OWNED_ELSEWHERE: 421,
};

/** An error with a code and a sentence that says what to do. */
export class BridgeError extends Error {
  readonly code: BridgeErrorCode;
  readonly status: number;
  /** SESSION_OWNED_ELSEWHERE: where the owner is reached (decision 024). */
  readonly ownerUrl: string | undefined;
  constructor(
    code: BridgeErrorCode,
    message: string,
    options?: { cause?: unknown; ownerUrl?: string },
  ) {
    super(message, options);
    this.name = 'BridgeError';
    this.code = code;
    this.status = STATUS[code];
    this.ownerUrl = options?.ownerUrl;
  }
}

export function isBridgeError(error: unknown): error is BridgeError {
  return error instanceof BridgeError;
}
