// Runs inside the sandbox, in the same process as the candidate's code, so it
// holds nothing worth stealing: it reads the calls (never an expected value)
// from stdin, calls the candidate's export and writes what came back as
// nonce-framed lines on stdout. The bridge decides pass or fail.
import { readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Taken before the candidate's module can replace them.
const stringify = JSON.stringify;
const parse = JSON.parse;
const input = parse(readFileSync(0, 'utf8'));
const marker = `\u001e${input.nonce} `;

function send(record) {
  let text;
  try {
    text = stringify(record, encodeValue);
  } catch (error) {
    text = stringify({ case: record.case, error: `The result is not JSON: ${describe(error)}` });
  }
  // A leading newline: the candidate's own output may have left a line open.
  writeSync(1, `\n${marker}${text}\n`);
}

function encodeValue(_key, value) {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return [...value];
  if (value instanceof Set) return [...value];
  return value;
}

function describe(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

let entry;
try {
  const module = await import(pathToFileURL(resolve(input.module)).href);
  entry = module[input.entry];
  if (typeof entry !== 'function') {
    throw new Error(
      `${input.module} does not export ${input.kind === 'class' ? 'a class' : 'a function'} named ${input.entry}`,
    );
  }
} catch (error) {
  send({ fatal: describe(error) });
  process.exit(1);
}
send({ ready: true });

for (let index = input.start; index < input.cases.length; index++) {
  const call = input.cases[index];
  try {
    let value;
    if (input.kind === 'class') {
      const instance = new entry(...call.args);
      value = [];
      for (const [method, ...args] of call.calls) {
        if (typeof instance[method] !== 'function')
          throw new Error(`${input.entry} has no method ${method}`);
        value.push(await instance[method](...args));
      }
    } else {
      value = await entry(...call.args);
    }
    send({ case: index, value: value === undefined ? null : value });
  } catch (error) {
    send({ case: index, error: describe(error) });
  }
}
process.exit(0);
