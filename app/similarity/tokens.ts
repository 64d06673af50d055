// Source code as a stream of normalized tokens, the way MOSS and JPlag see it:
// what a copier changes cheaply (names, literals, comments, layout) is erased,
// what they would have to rewrite (the program's shape) is kept.

/** One token: its normalized text and where it sits in the original file. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

// Keywords of the seven interview languages: kept as written, because they
// carry the program's structure.
const KEYWORDS = new Set(
  `abstract and as assert async await bool boolean break byte case catch char class const constexpr
  continue def default defer del delete do double elif else enum except extends false final finally
  float fn for from func function go goto if impl implements import in instanceof int interface is
  lambda let long loop match mod module mut namespace new nil None nonlocal not null or package pass
  private protected pub public raise range return select self Self short static string struct super
  switch template this throw throws trait true True False try type typeof unsigned use var void
  where while with yield auto vector map std usize isize i32 i64 u32 u64 f64 String Vec HashMap`
    .split(/\s+/)
    .filter(Boolean),
);

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const NUMBER = /(?:0[xXbBoO][0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)[a-zA-Z0-9]*/y;
const SPACE = /\s+/y;

/** Whether `#` starts a comment in this file (Python), rather than a directive (C++). */
function hashComments(path: string): boolean {
  return path.endsWith('.py');
}

/** The end of a string literal that opens at `start`, or -1 if it does not close on its line. */
function stringEnd(source: string, start: number): number {
  const quote = source[start]!;
  const triple = quote !== '`' && source.startsWith(quote.repeat(3), start);
  if (triple) {
    const close = source.indexOf(quote.repeat(3), start + 3);
    return close === -1 ? source.length : close + 3;
  }
  for (let i = start + 1; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (char === quote) return i + 1;
    else if (char === '\n' && quote !== '`') return -1;
  }
  return quote === '`' ? source.length : -1;
}

/** Reads the token at `at` with the pattern (sticky), or returns null. */
function match(pattern: RegExp, source: string, at: number): string | null {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0] ?? null;
}

/**
 * Normalized tokens of one file: comments and whitespace dropped, strings as
 * `S`, numbers as `N`, names as `V` — except keywords and library members
 * (`.length`, `.push`: a name seen only after a dot), which a renamer does not
 * touch and which tell one library call from another. A member the file
 * declares itself (`private entries`, `get(key) {`) is the candidate's own
 * name and is normalized like any other.
 */
export function tokenize(path: string, source: string): Token[] {
  const raw = lex(path, source);
  const ownNames = new Set(
    raw.filter((t, i) => t.kind === 'name' && raw[i - 1]?.text !== '.').map((t) => t.text),
  );
  return raw.map((token, i) => {
    if (token.kind !== 'name' || KEYWORDS.has(token.text)) return token;
    const member = raw[i - 1]?.text === '.' && !ownNames.has(token.text);
    return member ? token : { ...token, text: 'V' };
  });
}

interface RawToken extends Token {
  kind: 'name' | 'other';
}

/** The file's tokens with names as written; strings, numbers and comments already normalized. */
function lex(path: string, source: string): RawToken[] {
  const tokens: RawToken[] = [];
  const hash = hashComments(path);
  let i = 0;
  while (i < source.length) {
    const space = match(SPACE, source, i);
    if (space) {
      i += space.length;
      continue;
    }
    const char = source[i]!;
    const next = source[i + 1];
    if ((char === '/' && next === '/') || (hash && char === '#')) {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      const end = stringEnd(source, i);
      if (end !== -1) {
        tokens.push({ kind: 'other', text: 'S', start: i, end });
        i = end;
        continue;
      }
    }
    const word = match(IDENTIFIER, source, i);
    if (word) {
      tokens.push({ kind: 'name', text: word, start: i, end: i + word.length });
      i += word.length;
      continue;
    }
    const number = match(NUMBER, source, i);
    if (number) {
      tokens.push({ kind: 'other', text: 'N', start: i, end: i + number.length });
      i += number.length;
      continue;
    }
    tokens.push({ kind: 'other', text: char, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}
