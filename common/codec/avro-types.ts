/**
 * Builds avsc types the way every Osprey reader and writer must: unions unwrapped (a nullable string is a string or
 * null, not `{ string: "x" }`), and osquery's column-value union `["null","string","long","double"]` made
 * unambiguous. avsc refuses an unwrapped union with two numeric branches, so those two branches become logical
 * types that pick a branch by value: a safe integer is written as long, any other number as double. The schema on
 * the wire is unchanged (no logicalType attribute is added), so other Avro readers see the plain union.
 */
import avro from 'avsc';

const COLUMN_VALUE_UNION = JSON.stringify(['null', 'string', 'long', 'double']);

function underlying(type: avro.Type): avro.Type {
  return avro.Type.isType(type, 'logical') ? (type as avro.types.LogicalType).underlyingType : type;
}

class IntegerBranch extends avro.types.LogicalType {
  protected override _fromValue(value: unknown): unknown {
    return value;
  }
  protected override _toValue(value: unknown): unknown {
    return value;
  }
  protected override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    return avro.Type.isType(underlying(type), 'int', 'long') ? (value) => value : undefined;
  }
  // avsc calls _check to choose the union branch for a value.
  _check(value: unknown): boolean {
    return typeof value === 'number' && Number.isSafeInteger(value);
  }
}

class RealBranch extends avro.types.LogicalType {
  protected override _fromValue(value: unknown): unknown {
    return value;
  }
  protected override _toValue(value: unknown): unknown {
    return value;
  }
  protected override _resolve(type: avro.Type): ((value: unknown) => unknown) | undefined {
    return avro.Type.isType(underlying(type), 'int', 'long', 'float', 'double') ? (value) => value : undefined;
  }
  _check(value: unknown): boolean {
    return typeof value === 'number' && !Number.isSafeInteger(value);
  }
}

/**
 * The column-value union with a direct branch choice (null, string, safe integer, other number) instead of avsc's
 * generic search through logical branches: this runs for every column of every row.
 */
const BaseUnwrappedUnion = (
  avro.types as unknown as { UnwrappedUnionType: new (schema: unknown, opts: unknown) => avro.Type }
).UnwrappedUnionType;

/** The parts of avsc's internal Tap and type methods the column-value union's fast path uses. */
interface Tap {
  readLong(): number;
  writeLong(n: number): void;
  readString(): string;
  writeString(s: string): void;
}
interface TypeInternals {
  readonly types: ReadonlyArray<{ _read(tap: Tap): unknown }>;
  _write(tap: Tap, value: unknown): void;
}

class ColumnValueUnion extends BaseUnwrappedUnion {
  _getIndex(value: unknown): number | undefined {
    if (typeof value === 'string') return 1;
    if (value === null) return 0;
    if (typeof value === 'number') return Number.isSafeInteger(value) ? 2 : 3;
    return undefined;
  }

  // Strings and nulls (nearly every osquery column) skip avsc's branch dispatch; numbers take the usual path.
  _read(tap: Tap): unknown {
    const index = tap.readLong();
    if (index === 1) return tap.readString();
    if (index === 0) return null;
    const branch = (this as unknown as TypeInternals).types[index];
    if (!branch) throw new Error(`invalid union index: ${index}`);
    return branch._read(tap);
  }

  _write(tap: Tap, value: unknown): void {
    if (typeof value === 'string') {
      tap.writeLong(1);
      tap.writeString(value);
    } else if (value === null) {
      tap.writeLong(0);
    } else {
      (BaseUnwrappedUnion.prototype as unknown as TypeInternals)._write.call(this, tap, value);
    }
  }
}

/** Whether a type is the column-value union (the compiled codec writes and reads it inline). */
export function isColumnValueUnion(type: avro.Type): boolean {
  return type instanceof ColumnValueUnion;
}

function columnValueHook(schema: avro.Schema): avro.Type | undefined {
  if (!Array.isArray(schema) || JSON.stringify(schema) !== COLUMN_VALUE_UNION) return undefined;
  const integer = new IntegerBranch({ type: 'long', logicalType: 'osprey-integer' });
  const real = new RealBranch({ type: 'double', logicalType: 'osprey-real' });
  return new ColumnValueUnion(['null', 'string', integer, real], { wrapUnions: 'never' });
}

/** Parses a schema (object or JSON text) into an avsc type with Osprey's union handling. */
export function parseAvroSchema(schema: avro.Schema | string): avro.Type {
  const parsed = typeof schema === 'string' ? (JSON.parse(schema) as avro.Schema) : schema;
  return avro.Type.forSchema(parsed, { wrapUnions: 'never', typeHook: columnValueHook });
}

/** The reader's resolver for data written with `writer`, or undefined when the schemas are the same. */
export function resolverFor(reader: avro.Type, writer: avro.Type): AvroResolver | undefined {
  if (reader === writer || reader.equals(writer)) return undefined;
  return reader.createResolver(writer);
}

export type AvroResolver = ReturnType<avro.Type['createResolver']>;
