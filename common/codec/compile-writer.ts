/**
 * A writer compiled from a schema: one JavaScript function per record with every field's encoding inline, where avsc
 * dispatches each field through its type object's `_write` (a megamorphic call per field, and a bucket lookup per
 * union). The bytes are avsc's, check for check (its `_write` of each type), so the wire format is unchanged:
 * avro.test.ts compares the two on every shipped schema. Strings that are plain ASCII are written without asking
 * for their UTF-8 length first; any other string is written exactly as avsc writes it.
 */
import type avro from 'avsc';
import { bucketOf, GeneratedCode, identifier, kindOf, WRITE_LONG, type RecordField } from './compile-shared.js';

/** Writes `value` into `target` from `start`; returns the end. An end past target.length means "retry larger". */
export type CompiledWriter = (value: unknown, target: Buffer, start: number) => number;

class Unsupported extends Error {}

/** Below this length, an ASCII string is copied byte by byte in JavaScript (cheaper than two native calls). */
const ASCII_INLINE_MAX = 256;

const PRELUDE = `
let buf = EMPTY, pos = 0;
${WRITE_LONG}
function writeString(s) {
  const n = s.length;
  if (n < ${ASCII_INLINE_MAX}) {
    const head = n < 64 ? 1 : 2;
    let p = pos + head, i = 0;
    for (; i < n; i++) { const c = s.charCodeAt(i); if (c > 0x7f) break; buf[p++] = c; }
    if (i === n) {
      if (head === 1) buf[pos] = n << 1;
      else { buf[pos] = ((n << 1) & 0x7f) | 0x80; buf[pos + 1] = n >> 6; }
      pos = p;
      return;
    }
  }
  writeStringAsAvsc(s);
}
// avsc's Tap.writeString: the UTF-8 length first, then utf8Write above 64 bytes, its own loop below.
function writeStringAsAvsc(s) {
  const len = Buffer.byteLength(s);
  writeLong(len);
  let p = pos;
  pos += len;
  if (pos > buf.length) return;
  if (len > 64) { buf.utf8Write(s, p, len); return; }
  for (let i = 0; i < len; i++) {
    let c1 = s.charCodeAt(i), c2;
    if (c1 < 0x80) buf[p++] = c1;
    else if (c1 < 0x800) { buf[p++] = (c1 >> 6) | 0xc0; buf[p++] = (c1 & 0x3f) | 0x80; }
    else if ((c1 & 0xfc00) === 0xd800 && ((c2 = s.charCodeAt(i + 1)) & 0xfc00) === 0xdc00) {
      c1 = 0x10000 + ((c1 & 0x03ff) << 10) + (c2 & 0x03ff);
      i++;
      buf[p++] = (c1 >> 18) | 0xf0; buf[p++] = ((c1 >> 12) & 0x3f) | 0x80;
      buf[p++] = ((c1 >> 6) & 0x3f) | 0x80; buf[p++] = (c1 & 0x3f) | 0x80;
    } else {
      buf[p++] = (c1 >> 12) | 0xe0; buf[p++] = ((c1 >> 6) & 0x3f) | 0x80; buf[p++] = (c1 & 0x3f) | 0x80;
    }
  }
}
function writeRaw(bytes) {
  if (pos + bytes.length <= buf.length) buf.set(bytes, pos);
  pos += bytes.length;
}
function writeDouble(d) {
  if (pos + 8 <= buf.length) buf.writeDoubleLE(d, pos);
  pos += 8;
}
function writeFloat(d) {
  if (pos + 4 <= buf.length) buf.writeFloatLE(d, pos);
  pos += 4;
}
function writeBytes(b) {
  writeLong(b.length);
  writeRaw(b);
}
function invalid(value, what) {
  let shown;
  try { shown = JSON.stringify(value); } catch { shown = String(value); }
  return new Error('invalid ' + what + ': ' + shown);
}
function isSafeLong(n) { return n >= -9007199254740990 && n <= 9007199254740990; }
`;

/** The unwrapped-union bucket tests, as avsc's getValueBucket decides them (null first, then by typeof). */
const BUCKET_TESTS: Record<string, (x: string) => string> = {
  null: (x) => `${x} === null`,
  string: (x) => `typeof ${x} === 'string'`,
  number: (x) => `typeof ${x} === 'number'`,
  boolean: (x) => `typeof ${x} === 'boolean'`,
  array: (x) => `Array.isArray(${x})`,
  buffer: (x) => `Buffer.isBuffer(${x})`,
  object: (x) => `(typeof ${x} === 'object' && ${x} !== null && !Array.isArray(${x}) && !Buffer.isBuffer(${x}))`,
};

class WriterSource {
  readonly #code = new GeneratedCode();
  readonly #records = new Map<string, string>();

  build(root: avro.Type): CompiledWriter {
    const body = this.write(root, 'value');
    return this.#code.compile<CompiledWriter>(
      PRELUDE,
      `return function write(value, target, start) { buf = target; pos = start; ${body} return pos; };`,
    );
  }

  #const(value: unknown): string {
    return this.#code.constant(value);
  }

  #var(): string {
    return `x${this.#code.next()}`;
  }

  /** Statements that write the value in variable `x` as `type`, with avsc's checks. */
  write(type: avro.Type, x: string): string {
    const kind = kindOf(type);
    if (!kind) throw new Unsupported(type.typeName);
    const bad = (what: string): string => `throw invalid(${x}, '${what}');`;
    switch (kind.kind) {
      case 'null':
        return `if (${x} !== null) ${bad('null')}`;
      case 'boolean':
        return `if (typeof ${x} !== 'boolean') ${bad('boolean')} buf[pos++] = ${x} ? 1 : 0;`;
      case 'int':
        return `if (${x} !== (${x} | 0)) ${bad('int')} writeLong(${x});`;
      case 'long':
        return `if (typeof ${x} !== 'number' || ${x} % 1 || !isSafeLong(${x})) ${bad('long')} writeLong(${x});`;
      case 'float':
        return `if (typeof ${x} !== 'number') ${bad('float')} writeFloat(${x});`;
      case 'double':
        return `if (typeof ${x} !== 'number') ${bad('double')} writeDouble(${x});`;
      case 'string':
        return `if (typeof ${x} !== 'string') ${bad('string')} writeString(${x});`;
      case 'bytes':
        return `if (!Buffer.isBuffer(${x})) ${bad('bytes')} writeBytes(${x});`;
      case 'enum': {
        const indices = this.#const(new Map(kind.symbols.map((s, i) => [s, i])));
        const i = this.#var();
        return `const ${i} = ${indices}.get(${x}); if (${i} === undefined) ${bad(kind.name)} writeLong(${i});`;
      }
      case 'array': {
        const [n, j, e] = [this.#var(), this.#var(), this.#var()];
        return `if (!Array.isArray(${x})) ${bad('array')}
const ${n} = ${x}.length;
if (${n}) { writeLong(${n}); for (let ${j} = 0; ${j} < ${n}; ${j}++) { const ${e} = ${x}[${j}]; ${this.write(kind.items, e)} } }
buf[pos++] = 0;`;
      }
      case 'map': {
        const [keys, n, j, e] = [this.#var(), this.#var(), this.#var(), this.#var()];
        return `if (!${x} || typeof ${x} !== 'object' || Array.isArray(${x})) ${bad('map')}
const ${keys} = Object.keys(${x}), ${n} = ${keys}.length;
if (${n}) { writeLong(${n}); for (let ${j} = 0; ${j} < ${n}; ${j}++) { writeString(${keys}[${j}]); const ${e} = ${x}[${keys}[${j}]]; ${this.write(kind.values, e)} } }
buf[pos++] = 0;`;
      }
      case 'record':
        return `${this.#record(kind.name, kind.type, kind.fields)}(${x});`;
      case 'union':
        return this.#union(kind.branches, x, bad('union'));
      case 'columnValue':
        // ColumnValueUnion (avro-types.ts): null, string, safe integer as long, any other number as double.
        return `if (typeof ${x} === 'string') { buf[pos++] = 2; writeString(${x}); }
else if (${x} === null) buf[pos++] = 0;
else if (typeof ${x} === 'number') {
  if (Number.isSafeInteger(${x})) { if (!isSafeLong(${x})) ${bad('long')} buf[pos++] = 4; writeLong(${x}); }
  else { buf[pos++] = 6; writeDouble(${x}); }
} else ${bad('column value')}`;
    }
  }

  #union(branches: readonly avro.Type[], x: string, bad: string): string {
    const tests = branches.map((branch, index) => {
      const bucket = bucketOf(branch);
      const test = BUCKET_TESTS[bucket];
      if (!test || kindOf(branch) === undefined) throw new Unsupported(`union branch ${branch.typeName}`);
      const tag = `writeLong(${index});`;
      const body = bucket === 'null' ? tag : `${tag} ${this.write(branch, x)}`;
      return `if (${test(x)}) { ${body} }`;
    });
    return `${tests.join(' else ')} else ${bad}`;
  }

  /** The name of the function writing this record, generated on first use (named types are written once). */
  #record(name: string, type: avro.Type, fields: readonly RecordField[]): string {
    const known = this.#records.get(name);
    if (known) return known;
    const fn = identifier('write', name);
    this.#records.set(name, fn);
    const body = fields.map((field) => this.#field(field)).join('\n');
    this.#code.declare(`function ${fn}(v) {\n${body}\n}`);
    return fn;
  }

  /** A field left undefined is written as its default, as avsc's record writer does (bytes computed by avsc). */
  #field(field: RecordField): string {
    const x = this.#var();
    const read = `const ${x} = v.${field.name};`;
    const fallback = field.defaultValue();
    if (fallback === undefined) return `${read} ${this.write(field.type, x)}`;
    const bytes = field.type.toBuffer(fallback);
    const writeDefault = bytes.length === 1 ? `buf[pos++] = ${bytes[0]};` : `writeRaw(${this.#const(bytes)});`;
    return `${read} if (${x} === undefined) { ${writeDefault} } else { ${this.write(field.type, x)} }`;
  }
}

/** The compiled writer of a type, or undefined when it holds a kind the compiler leaves to avsc. */
export function compileWriter(type: avro.Type): CompiledWriter | undefined {
  try {
    return new WriterSource().build(type);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
