import { z } from 'zod';
import type { Json } from './grading.ts';

/**
 * The typed signature of a problem's entry (decision 023). Compiled languages
 * need types to call the candidate's function, so a problem that offers them
 * names the parameter and result types once, language-neutrally; each
 * language's driver maps them to its own types. A type is a scalar with any
 * number of `[]` suffixes: `int`, `string[]`, `int[][]`.
 */
export const SCALAR_TYPES = ['int', 'long', 'double', 'bool', 'string'] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number];

/** A parsed type: the scalar and how many array levels wrap it. */
export interface ValueType {
  scalar: ScalarType;
  depth: number;
}

const TYPE_PATTERN = /^(int|long|double|bool|string)((?:\[\])*)$/;
const MAX_DEPTH = 3;

export function parseType(text: string): ValueType | null {
  const match = TYPE_PATTERN.exec(text);
  if (!match) return null;
  const depth = match[2]!.length / 2;
  if (depth > MAX_DEPTH) return null;
  return { scalar: match[1] as ScalarType, depth };
}

/** The element type of an array type. */
export function elementOf(type: ValueType): ValueType {
  return { scalar: type.scalar, depth: type.depth - 1 };
}

const typeName = z.string().refine((text) => parseType(text) !== null, {
  message: `A type is one of ${SCALAR_TYPES.join(', ')}, with up to ${MAX_DEPTH} [] suffixes.`,
});

const parameter = z.object({
  name: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'A parameter name is camelCase.'),
  type: typeName,
});

/**
 * What a method returns: a type, `void` (the case expects `null`), or a type
 * with a `?` suffix when it may return nothing (`int?`: Java's `Integer`,
 * C++'s `std::optional<int>`, Go's `(int, bool)`, Rust's `Option<i32>`).
 */
export interface ReturnType {
  /** null for `void`. */
  type: ValueType | null;
  optional: boolean;
}

export function parseReturnType(text: string): ReturnType | null {
  if (text === 'void') return { type: null, optional: false };
  const optional = text.endsWith('?');
  const type = parseType(optional ? text.slice(0, -1) : text);
  return type ? { type, optional } : null;
}

const returnTypeName = z.string().refine((text) => parseReturnType(text) !== null, {
  message: 'A method returns void, a type, or a type with a ? suffix when it may return nothing.',
});

/** A method of a class entry: the calls of a case name it (`["get", 1]`). */
const method = z.object({
  name: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'A method name is camelCase.'),
  params: z.array(parameter).max(20),
  returns: returnTypeName,
});
export type MethodSignature = z.infer<typeof method>;

/**
 * A function entry: its parameters and result. A class entry (decision 023):
 * `params` are the constructor's, and `methods` what the calls may call.
 */
export const signatureSchema = z
  .object({
    params: z.array(parameter).max(20),
    returns: typeName.optional(),
    methods: z.array(method).min(1).max(50).optional(),
  })
  .superRefine((signature, ctx) => {
    if (!signature.methods && signature.returns === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['returns'],
        message: 'A function signature names what it returns.',
      });
    }
    if (signature.methods && signature.returns !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['returns'],
        message: 'A class signature lists methods; each names what it returns.',
      });
    }
    const names = new Set<string>();
    signature.methods?.forEach((entry, index) => {
      if (names.has(entry.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['methods', index, 'name'],
          message: `The method ${entry.name} is listed twice.`,
        });
      }
      names.add(entry.name);
    });
  });
export type Signature = z.infer<typeof signatureSchema>;

/** Why `value` is not what a method returning `returns` may return, or null when it is. */
export function returnMismatch(value: Json, returns: ReturnType): string | null {
  if (returns.type === null) return value === null ? null : 'is not null (the method is void)';
  if (value === null && returns.optional) return null;
  return typeMismatch(value, returns.type);
}

const INT32 = 2 ** 31;

/** Why `value` is not a `type`, or null when it is. */
export function typeMismatch(value: Json, type: ValueType): string | null {
  if (type.depth > 0) {
    if (!Array.isArray(value)) return 'is not a list';
    for (const item of value) {
      const inner = typeMismatch(item, elementOf(type));
      if (inner) return `has an element that ${inner}`;
    }
    return null;
  }
  switch (type.scalar) {
    case 'int':
      return Number.isInteger(value) && Math.abs(value as number) <= INT32
        ? null
        : 'is not a 32-bit integer';
    case 'long':
      return Number.isSafeInteger(value) ? null : 'is not a (safe) integer';
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'is not a number';
    case 'bool':
      return typeof value === 'boolean' ? null : 'is not true or false';
    case 'string':
      return typeof value === 'string' ? null : 'is not a string';
  }
}

/**
 * Writes a value as whitespace-separated tokens, the way every compiled
 * driver reads it: numbers in decimal, booleans as 1/0, strings as `x` and
 * the hex of their UTF-8 bytes, a list as its length followed by its items.
 * No token holds a space, so no driver needs a JSON parser.
 */
export function encodeValue(value: Json, type: ValueType, out: string[]): void {
  if (type.depth > 0) {
    const list = value as Json[];
    out.push(String(list.length));
    for (const item of list) encodeValue(item, elementOf(type), out);
    return;
  }
  if (type.scalar === 'bool') out.push(value ? '1' : '0');
  else if (type.scalar === 'string') out.push(`x${hex(value as string)}`);
  else out.push(String(value));
}

function hex(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) out += byte.toString(16).padStart(2, '0');
  return out;
}
