/**
 * An error the user can act on: a code for programs (switch on it, never on
 * the message), a sentence for people, and the HTTP status it answers with.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;
  readonly status: number;
  constructor(code: Code, message: string, status = 400) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}
