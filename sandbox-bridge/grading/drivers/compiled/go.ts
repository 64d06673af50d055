import { entrySpelling } from '../../../../protocol/problems.ts';
import { parseReturnType, parseType, type ValueType } from '../../../../protocol/signature.ts';
import type { DriverSource, DriverTarget } from './types.ts';

const SCALARS = { int: 'int', long: 'int64', double: 'float64', bool: 'bool', string: 'string' };

const goType = (type: ValueType) => '[]'.repeat(type.depth) + SCALARS[type.scalar];

// Reads and writes any value of the supported types by reflection.
const RUNTIME = `
var frames *os.File
var marker string
var tokens []string
var position int

func next() string { position++; return tokens[position-1] }

func read(target reflect.Value) {
	switch target.Kind() {
	case reflect.Int, reflect.Int64:
		n, _ := strconv.ParseInt(next(), 10, 64)
		target.SetInt(n)
	case reflect.Float64:
		f, _ := strconv.ParseFloat(next(), 64)
		target.SetFloat(f)
	case reflect.Bool:
		target.SetBool(next() == "1")
	case reflect.String:
		b, _ := hex.DecodeString(next()[1:])
		target.SetString(string(b))
	case reflect.Slice:
		n, _ := strconv.Atoi(next())
		s := reflect.MakeSlice(target.Type(), n, n)
		for i := 0; i < n; i++ {
			read(s.Index(i))
		}
		target.Set(s)
	}
}

func write(b *strings.Builder, v reflect.Value) {
	switch v.Kind() {
	case reflect.Int, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
		}
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.String:
		text, _ := json.Marshal(v.String())
		b.Write(text)
	case reflect.Slice:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			write(b, v.Index(i))
		}
		b.WriteByte(']')
	}
}

func send(record string) {
	frames.WriteString("\\n" + marker + record + "\\n")
}

func quote(text string) string {
	b, _ := json.Marshal(text)
	return string(b)
}
`;

/**
 * The loop over a class's cases: \`New<Entry>(...)\` constructs, each call
 * is a method (Go spelling: \`Get\`); a method that may return nothing
 * returns \`(value, ok)\`.
 */
function classCases(target: DriverTarget): string {
  const { signature } = target;
  const ctor = signature.params.map((param) => parseType(param.type)!);
  const ctorReads = ctor
    .map((type, i) => `\t\t\tvar a${i} ${goType(type)}\n\t\t\tread(reflect.ValueOf(&a${i}).Elem())`)
    .join('\n');
  const branches = (signature.methods ?? [])
    .map((method, index) => {
      const params = method.params.map((param) => parseType(param.type)!);
      const reads = params
        .map(
          (type, i) =>
            `\t\t\t\tvar p${i} ${goType(type)}\n\t\t\t\tread(reflect.ValueOf(&p${i}).Elem())\n`,
        )
        .join('');
      const call = `instance.${entrySpelling('go', method.name)}(${params.map((_, i) => `p${i}`).join(', ')})`;
      const returns = parseReturnType(method.returns)!;
      const result = !returns.type
        ? `\t\t\t\t${call}\n\t\t\t\tb.WriteString("null")`
        : returns.optional
          ? `\t\t\t\tif value, ok := ${call}; ok {\n\t\t\t\t\twrite(&b, reflect.ValueOf(value))\n\t\t\t\t} else {\n\t\t\t\t\tb.WriteString("null")\n\t\t\t\t}`
          : `\t\t\t\twrite(&b, reflect.ValueOf(${call}))`;
      return `\t\t\tcase "${index}":\n${reads}${result}`;
    })
    .join('\n');
  return `\tfor index := 0; index < count; index++ {
\t\tsize, _ := strconv.Atoi(next())
\t\tend := position + size
\t\tif index < start {
\t\t\tposition = end
\t\t\tcontinue
\t\t}
\t\tfunc() {
\t\t\tdefer func() {
\t\t\t\tposition = end
\t\t\t\tif failure := recover(); failure != nil {
\t\t\t\t\tsend(fmt.Sprintf("{\\"case\\":%d,\\"error\\":%s}", index, quote(fmt.Sprintf("panic: %v", failure))))
\t\t\t\t}
\t\t\t}()
${ctorReads}
\t\t\tinstance := candidate.New${target.entry}(${ctor.map((_, i) => `a${i}`).join(', ')})
\t\t\tcalls, _ := strconv.Atoi(next())
\t\t\tvar b strings.Builder
\t\t\tb.WriteByte('[')
\t\t\tfor c := 0; c < calls; c++ {
\t\t\t\tif c > 0 {
\t\t\t\t\tb.WriteByte(',')
\t\t\t\t}
\t\t\t\tswitch next() {
${branches}
\t\t\t\tdefault:
\t\t\t\t\tpanic("unknown method")
\t\t\t\t}
\t\t\t}
\t\t\tb.WriteByte(']')
\t\t\tsend(fmt.Sprintf("{\\"case\\":%d,\\"value\\":%s}", index, b.String()))
\t\t}()
\t}`;
}

/** The Go driver: a main module that imports the candidate's package (module `solution`) by a local replace. */
export function goDriver(target: DriverTarget): DriverSource {
  const { signature } = target;
  const params = signature.params.map((param) => parseType(param.type)!);
  const folder = target.module.includes('/')
    ? target.module.slice(0, target.module.lastIndexOf('/'))
    : '';
  const packagePath = folder ? `solution/${folder}` : 'solution';
  const reads = params
    .map((type, i) => `\t\tvar a${i} ${goType(type)}\n\t\tread(reflect.ValueOf(&a${i}).Elem())`)
    .join('\n');
  const args = params.map((_, i) => `a${i}`).join(', ');
  const functionCases = `	for index := 0; index < count; index++ {
${reads}
		if index < start {
			continue
		}
		func() {
			defer func() {
				if failure := recover(); failure != nil {
					send(fmt.Sprintf("{\\"case\\":%d,\\"error\\":%s}", index, quote(fmt.Sprintf("panic: %v", failure))))
				}
			}()
			value := candidate.${target.entry}(${args})
			var b strings.Builder
			write(&b, reflect.ValueOf(value))
			send(fmt.Sprintf("{\\"case\\":%d,\\"value\\":%s}", index, b.String()))
		}()
	}
`;
  const source = `package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"syscall"

	candidate "${packagePath}"
)
${RUNTIME}
func main() {
	out, _ := syscall.Dup(1)
	frames = os.NewFile(uintptr(out), "frames")
	syscall.Dup2(2, 1)
	os.Stdout = os.Stderr
	input, _ := io.ReadAll(os.Stdin)
	tokens = strings.Fields(string(input))
	marker = "\\x1e" + next() + " "
	start, _ := strconv.Atoi(next())
	count, _ := strconv.Atoi(next())
	send("{\\"ready\\":true}")
${target.kind === 'class' ? classCases(target) : functionCases}
	os.Exit(0)
}
`;
  const goMod = `module tandemdriver

go 1.19

require solution v0.0.0

replace solution => ${target.workspace}
`;
  return {
    files: [
      { path: 'main.go', content: source },
      { path: 'go.mod', content: goMod },
    ],
    compile: ['go', 'build', '-o', 'driver', '.'],
    run: ['./driver'],
    env: GO_ENV,
  };
}

/** Go builds offline, with its caches in the process's private /tmp. */
export const GO_ENV: Record<string, string> = {
  GOCACHE: '/tmp/go-cache',
  GOPATH: '/tmp/go-path',
  GOPROXY: 'off',
  GOFLAGS: '-mod=mod',
  GOTOOLCHAIN: 'local',
  GOTELEMETRY: 'off',
  CGO_ENABLED: '0',
};
