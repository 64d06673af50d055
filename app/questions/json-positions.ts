import {
  findNodeAtLocation,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser';

/**
 * JSON.parse that also tells on which line each value starts, keyed by its
 * path (`problems.0.title`), so an import can say "line 12, field title".
 * Strict JSON (no comments, no trailing commas), parsed by jsonc-parser.
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

/** 1-based line and column of a character offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** "CloseBraceExpected" → "Close brace expected". */
function describe(error: ParseError): string {
  const words = printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.charAt(0) + words.slice(1).toLowerCase();
}

export function parseJsonWithPositions(text: string): PositionedJson {
  const errors: ParseError[] = [];
  const tree: Node | undefined = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (first || !tree) {
    const { line, column } = positionOf(text, first?.offset ?? text.length);
    throw new JsonSyntaxError(first ? describe(first) : 'Unexpected end of file', line, column);
  }
  return {
    // Valid strict JSON by now: JSON.parse gives the value with its exact semantics
    // (a "__proto__" key stays an own property; building objects by hand would not).
    value: JSON.parse(text) as unknown,
    lineOf: (path) => {
      for (let n = path.length; n >= 0; n--) {
        const node =
          n === 0 ? tree : findNodeAtLocation(tree, path.slice(0, n) as Array<string | number>);
        if (node) return positionOf(text, node.offset).line;
      }
      return null;
    },
  };
}
