import {
  elementOf,
  parseReturnType,
  parseType,
  type ReturnType,
  type Signature,
  type ValueType,
} from '../../../../protocol/signature.ts';
import type { DriverSource, DriverTarget } from './types.ts';

const SCALARS = { int: 'int', long: 'long', double: 'double', bool: 'boolean', string: 'String' };
const READ = {
  int: 'Integer.parseInt(next())',
  long: 'Long.parseLong(next())',
  double: 'Double.parseDouble(next())',
  bool: 'next().equals("1")',
  string: 'text(next())',
};

const javaType = (type: ValueType) => SCALARS[type.scalar] + '[]'.repeat(type.depth);
const helper = (type: ValueType) => `${type.scalar}${type.depth}`;
const BOXED = { int: 'Integer', long: 'Long', double: 'Double', bool: 'Boolean', string: 'String' };

/** A method's result type: `void`, or a boxed scalar (null allowed) for an optional one. */
function javaReturn(returns: ReturnType): string {
  if (!returns.type) return 'void';
  if (returns.optional && returns.type.depth === 0) return BOXED[returns.type.scalar];
  return javaType(returns.type);
}

/** Writes a method's result into b (the statement, with the call in it). */
function writeResult(returns: ReturnType, call: string): string {
  if (!returns.type) return `${call}; b.append("null");`;
  const write = `write_${helper(returns.type)}`;
  if (returns.optional && returns.type.depth === 0 && returns.type.scalar !== 'string') {
    return `{ ${javaReturn(returns)} r = ${call}; if (r == null) b.append("null"); else ${write}(b, r); }`;
  }
  return `${write}(b, ${call});`;
}

/** Every value type a signature reads or writes. */
export function signatureTypes(signature: Signature): ValueType[] {
  const types = signature.params.map((param) => parseType(param.type)!);
  if (signature.returns) types.push(parseType(signature.returns)!);
  for (const method of signature.methods ?? []) {
    for (const param of method.params) types.push(parseType(param.type)!);
    const returns = parseReturnType(method.returns)!;
    if (returns.type) types.push(returns.type);
  }
  return types;
}

/** The loop over a class's cases: construct, call each method, frame the list of results. */
function classCases(target: DriverTarget): string {
  const { signature } = target;
  const className = target.entry;
  const ctor = signature.params.map((param) => parseType(param.type)!);
  const ctorReads = ctor
    .map((type, i) => `        ${javaType(type)} a${i} = read_${helper(type)}();`)
    .join('\n');
  const branches = (signature.methods ?? [])
    .map((method, index) => {
      const params = method.params.map((param) => parseType(param.type)!);
      const reads = params
        .map((type, i) => `${javaType(type)} p${i} = read_${helper(type)}(); `)
        .join('');
      const call = `instance.${method.name}(${params.map((_, i) => `p${i}`).join(', ')})`;
      return `            case ${index}: { ${reads}${writeResult(parseReturnType(method.returns)!, call)} break; }`;
    })
    .join('\n');
  return `    for (int index = 0; index < count; index++) {
      int end = Integer.parseInt(next());
      end += position;
      if (index < start) { position = end; continue; }
      StringBuilder b = new StringBuilder("{\\"case\\":" + index + ",\\"value\\":[");
      try {
${ctorReads}
        ${className} instance = new ${className}(${ctor.map((_, i) => `a${i}`).join(', ')});
        int calls = Integer.parseInt(next());
        for (int c = 0; c < calls; c++) {
          if (c > 0) b.append(',');
          switch (Integer.parseInt(next())) {
${branches}
            default: throw new IllegalStateException("unknown method");
          }
        }
        b.append(']');
      } catch (Throwable error) {
        b.setLength(0);
        b.append("{\\"case\\":" + index + ",\\"error\\":");
        quote(b, error.toString());
      }
      position = end;
      send(b.append('}').toString());
    }`;
}
/** Readers and writers for every type of the signature, arrays built from their elements. */
function helpers(types: ValueType[]): string {
  const done = new Set<string>();
  const out: string[] = [];
  const add = (type: ValueType) => {
    const name = helper(type);
    if (done.has(name)) return;
    done.add(name);
    const t = javaType(type);
    if (type.depth === 0) {
      out.push(`  static ${t} read_${name}() { return ${READ[type.scalar]}; }`);
      const write =
        type.scalar === 'string'
          ? 'quote(b, v);'
          : type.scalar === 'double'
            ? 'number(b, v);'
            : 'b.append(v);';
      out.push(`  static void write_${name}(StringBuilder b, ${t} v) { ${write} }`);
      return;
    }
    const inner = elementOf(type);
    add(inner);
    const alloc = `new ${SCALARS[type.scalar]}[n]${'[]'.repeat(type.depth - 1)}`;
    out.push(
      `  static ${t} read_${name}() { int n = Integer.parseInt(next()); ${t} a = ${alloc}; for (int i = 0; i < n; i++) a[i] = read_${helper(inner)}(); return a; }`,
      `  static void write_${name}(StringBuilder b, ${t} v) { if (v == null) { b.append("null"); return; } b.append('['); for (int i = 0; i < v.length; i++) { if (i > 0) b.append(','); write_${helper(inner)}(b, v[i]); } b.append(']'); }`,
    );
  };
  types.forEach(add);
  return out.join('\n');
}

/** The Java driver: reads the calls from stdin, calls `Solution.entry` and frames each result. */
export function javaDriver(target: DriverTarget): DriverSource {
  const { signature } = target;
  const params = signature.params.map((param) => parseType(param.type)!);
  const className =
    target.kind === 'class'
      ? target.entry
      : target.module
          .replace(/\.java$/, '')
          .split('/')
          .pop()!;
  const reads = params
    .map((type, i) => `        ${javaType(type)} a${i} = read_${helper(type)}();`)
    .join('\n');
  const args = params.map((_, i) => `a${i}`).join(', ');
  const returns = parseType(signature.returns ?? 'int')!;
  const functionCases = `    for (int index = 0; index < count; index++) {
${reads}
      if (index < start) continue;
      StringBuilder b = new StringBuilder("{\\"case\\":" + index + ",");
      try {
        ${javaType(returns)} value = ${className}.${target.entry}(${args});
        b.append("\\"value\\":");
        write_${helper(returns)}(b, value);
      } catch (Throwable error) {
        b.setLength(0);
        b.append("{\\"case\\":" + index + ",\\"error\\":");
        quote(b, error.toString());
      }
      send(b.append('}').toString());
    }
`;
  const source = `import java.io.*;
import java.nio.charset.StandardCharsets;

public final class TandemDriver {
  private static PrintStream frames;
  private static String marker;
  private static String[] tokens;
  private static int position;

  static String next() { return tokens[position++]; }

  static String text(String token) {
    byte[] bytes = new byte[(token.length() - 1) / 2];
    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) Integer.parseInt(token.substring(1 + 2 * i, 3 + 2 * i), 16);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static void quote(StringBuilder b, String s) {
    if (s == null) { b.append("null"); return; }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\\\') b.append('\\\\').append(c);
      else if (c < 0x20) b.append(String.format("\\\\u%04x", (int) c));
      else b.append(c);
    }
    b.append('"');
  }

  static void number(StringBuilder b, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) b.append("null"); else b.append(v);
  }

${helpers(signatureTypes(signature))}

  static void send(String record) {
    frames.print("\\n" + marker + record + "\\n");
    frames.flush();
  }

  public static void main(String[] argv) throws Exception {
    frames = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
    System.setOut(System.err);
    tokens = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\\\s+");
    marker = "\\u001e" + next() + " ";
    int start = Integer.parseInt(next());
    int count = Integer.parseInt(next());
    try {
      Class.forName("${className}");
    } catch (Throwable error) {
      StringBuilder b = new StringBuilder("{\\"fatal\\":");
      quote(b, error.toString());
      send(b.append('}').toString());
      Runtime.getRuntime().halt(1);
    }
    send("{\\"ready\\":true}");
${target.kind === 'class' ? classCases(target) : functionCases}
    frames.flush();
    Runtime.getRuntime().halt(0);
  }
}
`;
  return {
    files: [{ path: 'TandemDriver.java', content: source }],
    compile: [
      'javac',
      '-J-XX:+UseSerialGC',
      '-J-XX:TieredStopAtLevel=1',
      '-J-Xshare:auto',
      '-nowarn',
      '-encoding',
      'UTF-8',
      '-sourcepath',
      target.workspace,
      '-d',
      'classes',
      'TandemDriver.java',
    ],
    run: [
      'java',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      `-Xmx${target.heapMegabytes}m`,
      '-cp',
      'classes',
      'TandemDriver',
    ],
  };
}
