/**
 * JSON.parse that also tells on which line each value starts, keyed by its
 * path (`problems.0.title`), so an import can say "line 12, field title".
 */
export interface PositionedJson {
  value: unknown;
  lineOf(path: ReadonlyArray<string | number>): number | null;
}

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
    this.line = line;
    this.column = column;
  }
}

export function parseJsonWithPositions(text: string): PositionedJson {
  const lines = new Map<string, number>();
  let index = 0;
  let line = 1;
  let lineStart = 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line, index - lineStart + 1);
  };
  const skip = () => {
    for (;;) {
      const c = text[index];
      if (c === '\n') {
        line += 1;
        index += 1;
        lineStart = index;
      } else if (c === ' ' || c === '\t' || c === '\r') index += 1;
      else return;
    }
  };
  const expect = (c: string) => {
    if (text[index] !== c)
      fail(`Expected '${c}'${text[index] ? ` but found '${text[index]}'` : ' but the file ended'}`);
    index += 1;
  };
  const parseString = (): string => {
    const start = index;
    expect('"');
    for (;;) {
      const c = text[index];
      if (c === undefined || c === '\n') fail('Unterminated string');
      if (c === '\\') index += 2;
      else if (c === '"') break;
      else index += 1;
    }
    index += 1;
    try {
      return JSON.parse(text.slice(start, index)) as string;
    } catch {
      return fail('Invalid string escape');
    }
  };
  const parseValue = (path: string): unknown => {
    skip();
    lines.set(path, line);
    const c = text[index];
    if (c === '{') {
      index += 1;
      const object: Record<string, unknown> = {};
      skip();
      if (text[index] === '}') {
        index += 1;
        return object;
      }
      for (;;) {
        skip();
        const key = parseString();
        skip();
        expect(':');
        object[key] = parseValue(path ? `${path}.${key}` : key);
        skip();
        if (text[index] === ',') index += 1;
        else if (text[index] === '}') {
          index += 1;
          return object;
        } else fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      index += 1;
      const array: unknown[] = [];
      skip();
      if (text[index] === ']') {
        index += 1;
        return array;
      }
      for (;;) {
        array.push(parseValue(path ? `${path}.${array.length}` : String(array.length)));
        skip();
        if (text[index] === ',') index += 1;
        else if (text[index] === ']') {
          index += 1;
          return array;
        } else fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return parseString();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
      text.slice(index, index + 400),
    );
    if (!literal) return fail(c === undefined ? 'Unexpected end of file' : `Unexpected '${c}'`);
    index += literal[0].length;
    return JSON.parse(literal[0]);
  };

  const value = parseValue('');
  skip();
  if (index < text.length) fail('Unexpected text after the end');
  return {
    value,
    lineOf: (path) => {
      for (let n = path.length; n >= 0; n--) {
        const found = lines.get(path.slice(0, n).join('.'));
        if (found !== undefined) return found;
      }
      return null;
    },
  };
}
