/**
 * A reader compiled from a schema: one JavaScript function per record reading every field inline, where avsc calls
 * each field's type object through `_read` (a megamorphic call per field and per union branch). Values are avsc's:
 * records are built with the type's own record constructor (same prototype, same field order), maps are plain
 * objects, and the same errors end a bad message (truncated buffer, trailing data, invalid union or enum index,
 * potential precision loss). Short ASCII strings come from a small cache checked byte for byte, or are built in
 * JavaScript, rather than by a native call each. Used only where the writer's schema is the reader's (no resolution);
 * other versions go through avsc.
 */
import type avro from 'avsc';
import { GeneratedCode, identifier, kindOf, READ_LONG, type RecordField } from './compile-shared.js';

/** Reads one value from source[start, source.length); throws on a truncated or overlong body. */
export type CompiledReader = (source: Buffer, start: number) => unknown;

class Unsupported extends Error {}

/** Strings up to this many bytes go through the cache; longer ones are decoded by Buffer's utf8Slice. */
const CACHED_MAX = 24;
/** V8 builds sums of characters up to this length as flat strings (ConsString::kMinLength is 13). */
const FLAT_CONCAT_MAX = 12;
/** Slots of each string cache (a power of two). */
const CACHE_SLOTS = 4096;

const PRELUDE = `
let buf = EMPTY, pos = 0, end = 0;
${READ_LONG}
function readSafeLong() {
  const n = readLong();
  if (!(n >= -9007199254740990 && n <= 9007199254740990)) throw new Error('potential precision loss');
  return n;
}
// Short ASCII strings repeat (column names, users, paths, actions): a hit in this direct-mapped cache, checked byte
// for byte, costs a hash and a compare instead of a new string (and, for a key, a string-table lookup).
const STRINGS = new Array(${CACHE_SLOTS}).fill('');
const KEYS = new Array(${CACHE_SLOTS}).fill('');
function readString() { return readCached(STRINGS, false); }
function readKey() { return readCached(KEYS, true); }
function readCached(cache, internalize) {
  const n = readLong();
  if (n < 0) { pos = end + 1; return undefined; }
  const at = pos;
  pos += n;
  if (pos > end) return undefined;
  if (n > ${CACHED_MAX}) return buf.utf8Slice(at, pos);
  let h = n;
  for (let i = at; i < pos; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  const slot = (h >>> 0) & ${CACHE_SLOTS - 1};
  const hit = cache[slot];
  if (hit.length === n) {
    let i = 0;
    while (i < n && hit.charCodeAt(i) === buf[at + i]) i++;
    if (i === n) return hit;
  }
  let s = '';
  for (let i = at; i < pos; i++) {
    const c = buf[i];
    if (c > 0x7f) return buf.utf8Slice(at, pos);
    if (n <= ${FLAT_CONCAT_MAX}) s += String.fromCharCode(c);
  }
  // Past V8's shortest cons string, a sum of characters would be flattened on first use: slice it flat instead.
  if (n > ${FLAT_CONCAT_MAX}) s = buf.latin1Slice(at, pos);
  // A key is used as a property name: keep the string table's own copy, so later hits need no lookup.
  if (internalize) for (const key in { [s]: 0 }) s = key;
  cache[slot] = s;
  return s;
}
function readBytes() {
  const n = readLong();
  if (n < 0) { pos = end + 1; return undefined; }
  const at = pos;
  pos += n;
  if (pos > end) return undefined;
  const out = Buffer.allocUnsafe(n);
  buf.copy(out, 0, at, pos);
  return out;
}
function readDouble() {
  const at = pos;
  pos += 8;
  return pos > end ? 0 : buf.readDoubleLE(at);
}
function readFloat() {
  const at = pos;
  pos += 4;
  return pos > end ? 0 : buf.readFloatLE(at);
}
// avsc's readArraySize: a negative count is followed by the block's size in bytes, which is skipped.
function readBlockSize() {
  let n = readLong();
  if (n < 0) { n = -n; readLong(); }
  return n;
}
`;

class ReaderSource {
  readonly #code = new GeneratedCode();
  readonly #named = new Map<string, string>();

  build(root: avro.Type): CompiledReader {
    const value = this.read(root);
    return this.#code.compile<CompiledReader>(
      PRELUDE,
      `return function read(source, start) {
  buf = source; pos = start; end = source.length;
  const value = ${value};
  if (pos > end) throw new Error('truncated buffer');
  if (pos < end) throw new Error('trailing data');
  return value;
};`,
    );
  }

  #const(value: unknown): string {
    return this.#code.constant(value);
  }

  /** A function of its own for a compound type; returns the call expression. */
  #function(body: string, name = `read${this.#code.next()}`): string {
    this.#code.declare(`function ${name}() {\n${body}\n}`);
    return `${name}()`;
  }

  /** An expression that reads one value of `type` (arguments are evaluated left to right, as the fields come). */
  read(type: avro.Type): string {
    const kind = kindOf(type);
    if (!kind) throw new Unsupported(type.typeName);
    switch (kind.kind) {
      case 'null':
        return 'null';
      case 'boolean':
        return '!!buf[pos++]';
      case 'int':
        return 'readLong()';
      case 'long':
        return 'readSafeLong()';
      case 'float':
        return 'readFloat()';
      case 'double':
        return 'readDouble()';
      case 'string':
        return 'readString()';
      case 'bytes':
        return 'readBytes()';
      case 'enum': {
        const symbols = this.#const(kind.symbols);
        return this.#function(`const i = readLong(); const s = ${symbols}[i];
if (s === undefined) throw new Error('invalid ${kind.name} enum index: ' + i);
return s;`);
      }
      case 'array':
        return this.#function(`let i = 0, out, n;
while ((n = readBlockSize())) {
  out = out || new Array(n);
  while (n--) out[i++] = ${this.read(kind.items)};
}
return out || [];`);
      case 'map':
        return this.#function(`const out = {};
let n;
while ((n = readBlockSize())) { while (n--) { const key = readKey(); out[key] = ${this.read(kind.values)}; } }
return out;`);
      case 'record':
        return this.#record(kind.name, kind.type, kind.fields);
      case 'union': {
        const cases = kind.branches.map((branch, i) => `if (i === ${i}) return ${this.read(branch)};`);
        return this.#function(
          `const i = readLong();\n${cases.join('\n')}\nthrow new Error('invalid union index: ' + i);`,
        );
      }
      case 'columnValue':
        return this.#function(`const i = readLong();
if (i === 1) return readString();
if (i === 0) return null;
if (i === 2) return readSafeLong();
if (i === 3) return readDouble();
throw new Error('invalid union index: ' + i);`);
    }
  }

  /** Named records get one function, generated on first use. */
  #record(name: string, type: avro.Type, fields: readonly RecordField[]): string {
    const fn = identifier('read', name);
    if (!this.#named.has(name)) {
      this.#named.set(name, fn);
      const constructor = this.#const((type as unknown as { recordConstructor: unknown }).recordConstructor);
      const args = fields.map((field) => this.read(field.type)).join(',\n  ');
      this.#code.declare(`function ${fn}() {\nreturn new ${constructor}(\n  ${args}\n);\n}`);
    }
    return `${fn}()`;
  }
}

/** The compiled reader of a type, or undefined when it holds a kind the compiler leaves to avsc. */
export function compileReader(type: avro.Type): CompiledReader | undefined {
  try {
    return new ReaderSource().build(type);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
