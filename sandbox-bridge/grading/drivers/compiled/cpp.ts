import {
  parseReturnType,
  parseType,
  type ReturnType,
  type ValueType,
} from '../../../../protocol/signature.ts';
import type { DriverSource, DriverTarget } from './types.ts';

const SCALARS = {
  int: 'int',
  long: 'long long',
  double: 'double',
  bool: 'bool',
  string: 'std::string',
};

export function cppType(type: ValueType): string {
  let name = SCALARS[type.scalar];
  for (let level = 0; level < type.depth; level++) name = `std::vector<${name}>`;
  return name;
}

// Readers and writers by overload: every type of a signature is covered.
const RUNTIME = `#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

namespace tandem_driver {
static int frames = 1;
static std::string marker;
static std::istream& in = std::cin;

static size_t consumed = 0;
inline std::string token() { std::string t; in >> t; consumed++; return t; }
inline void read(int& v) { v = std::stoi(token()); }
inline void read(long long& v) { v = std::stoll(token()); }
inline void read(double& v) { v = std::strtod(token().c_str(), nullptr); }
inline void read(bool& v) { v = token() == "1"; }
inline void read(std::string& v) {
  std::string t = token();
  v.clear();
  for (size_t i = 1; i + 1 < t.size(); i += 2) v.push_back((char) std::stoi(t.substr(i, 2), nullptr, 16));
}
template <class T> void read(std::vector<T>& v) {
  size_t n = std::stoul(token());
  v.assign(n, T());
  for (auto& item : v) read(item);
}

inline void quote(std::string& b, const std::string& s) {
  b += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\\\') { b += '\\\\'; b += (char) c; }
    else if (c < 0x20) { char u[8]; std::snprintf(u, sizeof u, "\\\\u%04x", c); b += u; }
    else b += (char) c;
  }
  b += '"';
}
inline void write(std::string& b, int v) { b += std::to_string(v); }
inline void write(std::string& b, long long v) { b += std::to_string(v); }
inline void write(std::string& b, bool v) { b += v ? "true" : "false"; }
inline void write(std::string& b, double v) {
  if (v != v || v - v != 0) { b += "null"; return; }
  char text[40]; std::snprintf(text, sizeof text, "%.17g", v); b += text;
}
inline void write(std::string& b, const std::string& v) { quote(b, v); }
template <class T> void write(std::string& b, const std::vector<T>& v) {
  b += '[';
  for (size_t i = 0; i < v.size(); i++) { if (i) b += ','; write(b, (T) v[i]); }
  b += ']';
}

template <class T> void write(std::string& b, const std::optional<T>& v) {
  if (v) write(b, (T) *v); else b += "null";
}

inline void send(const std::string& record) {
  std::string line = "\\n" + marker + record + "\\n";
  const char* data = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(frames, data, left);
    if (n <= 0) std::_Exit(3);
    data += n;
    left -= (size_t) n;
  }
}
}  // namespace tandem_driver
`;

/** Writes a method's result into b (the statement, with the call in it). */
function writeResult(returns: ReturnType, call: string): string {
  if (!returns.type) return `${call}; b += "null";`;
  return `tandem_driver::write(b, ${call});`;
}

/** The loop over a class's cases: construct, call each method, frame the list of results. */
function classCases(target: DriverTarget): string {
  const { signature } = target;
  const ctor = signature.params.map((param) => parseType(param.type)!);
  const ctorReads = ctor
    .map((type, i) => `      ${cppType(type)} a${i}; tandem_driver::read(a${i});`)
    .join('\n');
  const branches = (signature.methods ?? [])
    .map((method, index) => {
      const params = method.params.map((param) => parseType(param.type)!);
      const reads = params
        .map((type, i) => `${cppType(type)} p${i}; tandem_driver::read(p${i}); `)
        .join('');
      const call = `instance.${method.name}(${params.map((_, i) => `p${i}`).join(', ')})`;
      return `          case ${index}: { ${reads}${writeResult(parseReturnType(method.returns)!, call)} break; }`;
    })
    .join('\n');
  return `  for (int index = 0; index < count; index++) {
    size_t end = std::stoul(tandem_driver::token());
    end += tandem_driver::consumed;
    if (index < start) { while (tandem_driver::consumed < end) tandem_driver::token(); continue; }
    std::string b = "{\\"case\\":" + std::to_string(index) + ",\\"value\\":[";
    try {
${ctorReads}
      ${target.entry} instance(${ctor.map((_, i) => `a${i}`).join(', ')});
      int calls = std::stoi(tandem_driver::token());
      for (int c = 0; c < calls; c++) {
        if (c > 0) b += ',';
        switch (std::stoi(tandem_driver::token())) {
${branches}
          default: throw std::runtime_error("unknown method");
        }
      }
      b += ']';
    } catch (const std::exception& error) {
      b = "{\\"case\\":" + std::to_string(index) + ",\\"error\\":";
      tandem_driver::quote(b, std::string("exception: ") + error.what());
    } catch (...) {
      b = "{\\"case\\":" + std::to_string(index) + ",\\"error\\":\\"an exception that is not a std::exception\\"";
    }
    while (tandem_driver::consumed < end) tandem_driver::token();
    tandem_driver::send(b + "}");
  }`;
}

/** The C++ driver: includes the candidate's file, reads calls from stdin and frames each result. */
export function cppDriver(target: DriverTarget): DriverSource {
  const { signature } = target;
  const params = signature.params.map((param) => parseType(param.type)!);
  const returns = parseType(signature.returns ?? 'int')!;
  const reads = params
    .map((type, i) => `    ${cppType(type)} a${i}; tandem_driver::read(a${i});`)
    .join('\n');
  const args = params.map((_, i) => `a${i}`).join(', ');
  const functionCases = `  for (int index = 0; index < count; index++) {
${reads}
    if (index < start) continue;
    std::string b = "{\\"case\\":" + std::to_string(index) + ",";
    try {
      ${cppType(returns)} value = ${target.entry}(${args});
      b += "\\"value\\":";
      tandem_driver::write(b, value);
    } catch (const std::exception& error) {
      b = "{\\"case\\":" + std::to_string(index) + ",\\"error\\":";
      tandem_driver::quote(b, std::string("exception: ") + error.what());
    } catch (...) {
      b = "{\\"case\\":" + std::to_string(index) + ",\\"error\\":\\"an exception that is not a std::exception\\"";
    }
    tandem_driver::send(b + "}");
  }
`;
  const source = `${RUNTIME}
#include "${target.workspace}/${target.module}"

int main() {
  // The candidate's prints go to stderr; frames go to a copy of stdout.
  tandem_driver::frames = dup(1);
  dup2(2, 1);
  std::ios::sync_with_stdio(false);
  tandem_driver::marker = "\\x1e" + tandem_driver::token() + " ";
  int start = std::stoi(tandem_driver::token());
  int count = std::stoi(tandem_driver::token());
  tandem_driver::send("{\\"ready\\":true}");
${target.kind === 'class' ? classCases(target) : functionCases}
  std::_Exit(0);
}
`;
  return {
    files: [{ path: 'driver.cpp', content: source }],
    compile: [
      'g++',
      '-std=c++17',
      '-O1',
      '-pipe',
      `-I${target.workspace}`,
      '-o',
      'driver',
      'driver.cpp',
    ],
    run: ['./driver'],
  };
}
