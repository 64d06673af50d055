/**
 * Identity never reaches the model: the candidate's name (whole, and each
 * part of three letters or more), e-mail address and its local part are
 * replaced wherever they occur — in code, terminal output, chat and notes —
 * before anything is put in a request.
 */
export interface Identity {
  name: string;
  email: string;
  /** Other identifying strings (interviewers' names, a phone number …): whole and in parts. */
  others?: readonly string[];
  /**
   * Names replaced only whole (the organization's other members): their parts
   * alone are too likely to be ordinary words of code.
   */
  wholeOnly?: readonly string[];
}

export const CANDIDATE_PLACEHOLDER = '[candidate]';
export const EMAIL_PLACEHOLDER = '[email]';
export const PERSON_PLACEHOLDER = '[person]';

export type Redactor = (text: string) => string;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A function that replaces every identity string of `identity` in a text. */
export function createRedactor(identity: Identity): Redactor {
  const rules: Array<[RegExp, string, number]> = [];
  const add = (value: string, placeholder: string, wholeWord: boolean) => {
    const trimmed = value.trim();
    if (trimmed.length < 3) return;
    const body = escapeRegExp(trimmed).replace(/\s+/g, '\\s+');
    const pattern = wholeWord ? `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])` : body;
    rules.push([new RegExp(pattern, 'giu'), placeholder, trimmed.length]);
  };
  add(identity.email, EMAIL_PLACEHOLDER, false);
  const local = identity.email.split('@')[0] ?? '';
  add(local, CANDIDATE_PLACEHOLDER, true);
  for (const part of local.split(/[._+-]+/)) add(part, CANDIDATE_PLACEHOLDER, true);
  add(identity.name, CANDIDATE_PLACEHOLDER, true);
  for (const part of identity.name.split(/\s+/)) add(part, CANDIDATE_PLACEHOLDER, true);
  for (const other of identity.others ?? []) {
    add(other, PERSON_PLACEHOLDER, true);
    for (const part of other.split(/\s+/)) add(part, PERSON_PLACEHOLDER, true);
  }
  for (const whole of identity.wholeOnly ?? []) add(whole, PERSON_PLACEHOLDER, true);
  // Longest first: the whole e-mail before its local part, the full name before its parts.
  rules.sort((a, b) => b[2] - a[2]);
  return (text) => {
    let out = text;
    for (const [pattern, placeholder] of rules) out = out.replace(pattern, placeholder);
    return out;
  };
}
