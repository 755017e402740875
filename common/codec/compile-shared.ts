/**
 * What the compiled Avro reader and writer (compile-reader.ts, compile-writer.ts) share: a view of avsc's parsed
 * types by kind, and the JavaScript source of the varint routines, copied from avsc's Tap (lib/utils.js) so the
 * bytes are the same as avsc's for every number.
 */
import type avro from 'avsc';
import { isColumnValueUnion } from './avro-types.js';

/** The avsc type kinds the compilers handle; anything else (other logical types, wrapped unions) is left to avsc. */
export type Kind =
  | { kind: 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'string' | 'bytes' }
  | { kind: 'enum'; symbols: readonly string[]; name: string }
  | { kind: 'array'; items: avro.Type }
  | { kind: 'map'; values: avro.Type }
  | { kind: 'record'; name: string; type: avro.Type; fields: readonly RecordField[] }
  | { kind: 'union'; branches: readonly avro.Type[] }
  | { kind: 'columnValue' };

export interface RecordField {
  readonly name: string;
  readonly type: avro.Type;
  readonly defaultValue: () => unknown;
}

/** avsc's internal shape of the types we read (its typings leave most of these out). */
interface TypeView {
  readonly typeName: string;
  readonly name?: string;
  readonly symbols?: string[];
  readonly itemsType?: avro.Type;
  readonly valuesType?: avro.Type;
  readonly fields?: RecordField[];
  readonly types?: avro.Type[];
}

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'string', 'bytes']);

/** The kind of an avsc type, or undefined when the compilers do not handle it. */
export function kindOf(type: avro.Type): Kind | undefined {
  if (isColumnValueUnion(type)) return { kind: 'columnValue' };
  const view = type as unknown as TypeView;
  const name = view.typeName;
  if (PRIMITIVES.has(name)) return { kind: name as 'null' };
  if (name === 'enum' && view.symbols) return { kind: 'enum', symbols: view.symbols, name: view.name ?? 'enum' };
  if (name === 'array' && view.itemsType) return { kind: 'array', items: view.itemsType };
  if (name === 'map' && view.valuesType) return { kind: 'map', values: view.valuesType };
  if (name === 'record' && view.fields && view.name)
    return { kind: 'record', name: view.name, type, fields: view.fields };
  if (name === 'union:unwrapped' && view.types) return { kind: 'union', branches: view.types };
  return undefined;
}

/** avsc's bucket of a branch type in an unwrapped union (getTypeBucket in avsc's lib/types.js). */
export function bucketOf(type: avro.Type): string {
  const name = (type as unknown as TypeView).typeName;
  if (name === 'double' || name === 'float' || name === 'int' || name === 'long') return 'number';
  if (name === 'bytes' || name === 'fixed') return 'buffer';
  if (name === 'enum') return 'string';
  if (name === 'map' || name === 'error' || name === 'record') return 'object';
  return name;
}

/** Avro's long (zigzag varint) as avsc writes it: integer arithmetic below 2^30, float arithmetic above. */
export const WRITE_LONG = `function writeLong(n) {
  if (n >= -1073741824 && n < 1073741824) {
    let m = n >= 0 ? n << 1 : (~n << 1) | 1;
    do { buf[pos] = m & 0x7f; m >>= 7; } while (m && (buf[pos++] |= 0x80));
  } else {
    let f = n >= 0 ? n * 2 : -n * 2 - 1;
    do { buf[pos] = f & 0x7f; f /= 128; } while (f >= 1 && (buf[pos++] |= 0x80));
  }
  pos++;
}`;

/** Avro's long as avsc reads it. */
export const READ_LONG = `function readLong() {
  let n = 0, k = 0, b, h;
  do { b = buf[pos++]; h = b & 0x80; n |= (b & 0x7f) << k; k += 7; } while (h && k < 28);
  if (h) {
    let f = n, fk = 268435456;
    do { b = buf[pos++]; f += (b & 0x7f) * fk; fk *= 128; } while (b & 0x80);
    return (f % 2 ? -(f + 1) : f) / 2;
  }
  return (n >> 1) ^ -(n & 1);
}`;

/** Names a generated function after an Avro record name (dots are not valid in identifiers). */
export function identifier(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * What a generated reader or writer is made of: the values its code names as constants (`C0`, `C1`, ...), the
 * functions it declares, and the prelude of shared routines. `compile` turns them into the function it returns.
 */
export class GeneratedCode {
  readonly #consts: unknown[] = [];
  readonly #functions: string[] = [];
  #seq = 0;

  /** A value the generated code uses by name. */
  constant(value: unknown): string {
    this.#consts.push(value);
    return `C${this.#consts.length - 1}`;
  }

  /** A fresh number for a generated name. */
  next(): number {
    return this.#seq++;
  }

  declare(fn: string): void {
    this.#functions.push(fn);
  }

  /** `entry` is the source's last statement: `return function ...`. */
  compile<F>(prelude: string, entry: string): F {
    const consts = this.#consts.map((_, i) => `const C${i} = consts[${i}];`).join('\n');
    const source = `'use strict';\n${consts}\n${prelude}\n${this.#functions.join('\n')}\n${entry}`;
    // new Function: the point is code specialised to the schema (avsc builds its record readers the same way).
    const factory = new Function('consts', 'Buffer', 'EMPTY', source) as (
      consts: unknown[],
      buffer: typeof Buffer,
      empty: Buffer,
    ) => F;
    return factory(this.#consts, Buffer, Buffer.alloc(0));
  }
}
