import { entrySpelling } from '../../../../protocol/problems.ts';
import { parseReturnType, parseType, type ValueType } from '../../../../protocol/signature.ts';
import type { DriverSource, DriverTarget } from './types.ts';

const SCALARS = { int: 'i32', long: 'i64', double: 'f64', bool: 'bool', string: 'String' };

function rustType(type: ValueType): string {
  let name = SCALARS[type.scalar];
  for (let level = 0; level < type.depth; level++) name = `Vec<${name}>`;
  return name;
}

const RUNTIME = `
use std::io::{Read, Write};
use std::os::unix::io::FromRawFd;

extern "C" {
    fn dup(fd: i32) -> i32;
    fn dup2(from: i32, to: i32) -> i32;
}

struct Tokens { items: Vec<String>, position: usize }
impl Tokens {
    fn next(&mut self) -> String { self.position += 1; self.items[self.position - 1].clone() }
}

trait Input: Sized { fn read(t: &mut Tokens) -> Self; }
impl Input for i32 { fn read(t: &mut Tokens) -> Self { t.next().parse().unwrap() } }
impl Input for i64 { fn read(t: &mut Tokens) -> Self { t.next().parse().unwrap() } }
impl Input for f64 { fn read(t: &mut Tokens) -> Self { t.next().parse().unwrap() } }
impl Input for bool { fn read(t: &mut Tokens) -> Self { t.next() == "1" } }
impl Input for String {
    fn read(t: &mut Tokens) -> Self {
        let text = t.next();
        let bytes: Vec<u8> = (1..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}
impl<T: Input> Input for Vec<T> {
    fn read(t: &mut Tokens) -> Self {
        let n: usize = t.next().parse().unwrap();
        (0..n).map(|_| T::read(t)).collect()
    }
}

fn quote(b: &mut String, s: &str) {
    b.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\\\' => { b.push('\\\\'); b.push(c); }
            c if (c as u32) < 0x20 => b.push_str(&format!("\\\\u{:04x}", c as u32)),
            c => b.push(c),
        }
    }
    b.push('"');
}

trait Output { fn write(&self, b: &mut String); }
impl Output for i32 { fn write(&self, b: &mut String) { b.push_str(&self.to_string()) } }
impl Output for i64 { fn write(&self, b: &mut String) { b.push_str(&self.to_string()) } }
impl Output for bool { fn write(&self, b: &mut String) { b.push_str(if *self { "true" } else { "false" }) } }
impl Output for f64 {
    fn write(&self, b: &mut String) {
        if self.is_finite() { b.push_str(&format!("{:?}", self)) } else { b.push_str("null") }
    }
}
impl Output for String { fn write(&self, b: &mut String) { quote(b, self) } }
impl<T: Output> Output for Option<T> {
    fn write(&self, b: &mut String) { match self { Some(v) => v.write(b), None => b.push_str("null") } }
}
impl<T: Output> Output for Vec<T> {
    fn write(&self, b: &mut String) {
        b.push('[');
        for (i, item) in self.iter().enumerate() { if i > 0 { b.push(','); } item.write(b); }
        b.push(']');
    }
}

fn send(frames: &mut std::fs::File, marker: &str, record: &str) {
    let _ = frames.write_all(format!("\\n{}{}\\n", marker, record).as_bytes());
}
`;

/**
 * The loop over a class's cases: \`Entry::new(...)\` constructs, each call is
 * a method (Rust spelling: \`get\`, taking \`&mut self\`); a method that may
 * return nothing returns an \`Option\`.
 */
function classCases(target: DriverTarget): string {
  const { signature } = target;
  const ctor = signature.params.map((param) => parseType(param.type)!);
  const ctorReads = ctor
    .map((type, i) => `            let a${i}: ${rustType(type)} = Input::read(&mut tokens);`)
    .join('\n');
  const branches = (signature.methods ?? [])
    .map((method, index) => {
      const params = method.params.map((param) => parseType(param.type)!);
      const reads = params
        .map((type, i) => `let p${i}: ${rustType(type)} = Input::read(&mut tokens); `)
        .join('');
      const call = `instance.${entrySpelling('rust', method.name)}(${params.map((_, i) => `p${i}`).join(', ')})`;
      const returns = parseReturnType(method.returns)!;
      const result = returns.type
        ? `${call}.write(&mut b);`
        : `let _: () = ${call}; b.push_str("null");`;
      return `                    "${index}" => { ${reads}${result} }`;
    })
    .join('\n');
  return `    for index in 0..count {
        let size: usize = tokens.next().parse().unwrap();
        let end = tokens.position + size;
        if index < start { tokens.position = end; continue; }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
${ctorReads}
            let mut instance = solution::${target.entry}::new(${ctor.map((_, i) => `a${i}`).join(', ')});
            let calls: usize = tokens.next().parse().unwrap();
            let mut b = String::from("[");
            for c in 0..calls {
                if c > 0 { b.push(','); }
                match tokens.next().as_str() {
${branches}
                    _ => panic!("unknown method"),
                }
            }
            b.push(']');
            b
        }));
        tokens.position = end;
        let mut b = format!("{{\\"case\\":{},", index);
        match outcome {
            Ok(value) => { b.push_str("\\"value\\":"); b.push_str(&value); }
            Err(failure) => {
                let message = failure.downcast_ref::<&str>().map(|s| s.to_string())
                    .or_else(|| failure.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".to_string());
                b.push_str("\\"error\\":");
                quote(&mut b, &format!("panicked: {}", message));
            }
        }
        b.push('}');
        send(&mut frames, &marker, &b);
    }`;
}

/** The Rust driver: the candidate's file as a module, called with each case's arguments. */
export function rustDriver(target: DriverTarget): DriverSource {
  const { signature } = target;
  const params = signature.params.map((param) => parseType(param.type)!);
  const reads = params
    .map((type, i) => `        let a${i}: ${rustType(type)} = Input::read(&mut tokens);`)
    .join('\n');
  const args = params.map((_, i) => `a${i}`).join(', ');
  const functionCases = `    for index in 0..count {
${reads}
        if index < start { continue; }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || solution::${target.entry}(${args})));
        let mut b = format!("{{\\"case\\":{},", index);
        match outcome {
            Ok(value) => { b.push_str("\\"value\\":"); value.write(&mut b); }
            Err(failure) => {
                let message = failure.downcast_ref::<&str>().map(|s| s.to_string())
                    .or_else(|| failure.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".to_string());
                b.push_str("\\"error\\":");
                quote(&mut b, &format!("panicked: {}", message));
            }
        }
        b.push('}');
        send(&mut frames, &marker, &b);
    }
`;
  const source = `#![allow(warnings)]
#[path = "${target.workspace}/${target.module}"]
mod solution;
${RUNTIME}
fn main() {
    // The candidate's prints go to stderr; frames go to a copy of stdout.
    let mut frames = unsafe { let fd = dup(1); dup2(2, 1); std::fs::File::from_raw_fd(fd) };
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = Tokens { items: input.split_whitespace().map(String::from).collect(), position: 0 };
    let marker = format!("\\u{1e}{} ", tokens.next());
    let start: usize = tokens.next().parse().unwrap();
    let count: usize = tokens.next().parse().unwrap();
    std::panic::set_hook(Box::new(|_| {}));
    send(&mut frames, &marker, "{\\"ready\\":true}");
${target.kind === 'class' ? classCases(target) : functionCases}
    std::process::exit(0);
}
`;
  return {
    files: [{ path: 'main.rs', content: source }],
    compile: ['rustc', '--edition', '2021', '-C', 'opt-level=1', '-o', 'driver', 'main.rs'],
    run: ['./driver'],
  };
}
