/** A files API refusal: the HTTP status, a code to switch on, and a sentence. */
export class FilesError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'FilesError';
    this.status = status;
    this.code = code;
  }
}
