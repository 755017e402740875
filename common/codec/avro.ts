/**
 * Avro values with Confluent framing (magic byte 0, 4-byte big-endian schema id, Avro binary body; docs/contract.md, "Wire format").
 * Ids come from the schema id table in schemas/registry.json, or, when a Schema Registry URL is configured, from the
 * registry: the current schemas are registered on start and the ids cached. Decoding resolves the writer's schema
 * (any version in the table, or fetched from the registry by id) to the current reader schema, so old and new
 * agents interoperate.
 */
import type avro from 'avsc';
import { OspreyError } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  RECORD_NAMES,
  SCHEMA_NAMES,
  type SchemaInputs,
  type SchemaName,
  type SchemaTypes,
} from '../../schemas/generated/index.js';
import { parseAvroSchema, resolverFor, type AvroResolver } from './avro-types.js';
import { compileReader, type CompiledReader } from './compile-reader.js';
import { compileWriter, type CompiledWriter } from './compile-writer.js';
import { shippedCatalog, type SchemaCatalog } from './schema-catalog.js';
import { SchemaRegistryClient, type SchemaRegistryOptions } from './schema-registry.js';

export const MAGIC_BYTE = 0;
export const HEADER_SIZE = 5;

/** Where a message came from, named in decode errors. */
export interface MessageLocation {
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: string;
}

export type Decoded = { [N in SchemaName]: { schemaName: N; schemaId: number; value: SchemaTypes[N] } }[SchemaName];

interface Reader {
  readonly name: SchemaName;
  readonly writer: avro.Type;
  readonly reader: avro.Type;
  readonly resolver: AvroResolver | undefined;
  /** The compiled reader when no resolution is needed (the writer's schema is the reader's). */
  readonly compiled: CompiledReader | undefined;
}

/** A schema's current type and its compiled writer (undefined: avsc writes it). */
interface Writer {
  readonly type: avro.Type;
  readonly compiled: CompiledWriter | undefined;
}

export class AvroCodec {
  readonly #catalog: SchemaCatalog;
  readonly #ids: ReadonlyMap<SchemaName, number>;
  readonly #readers = new Map<number, Reader>();
  readonly #writers = new Map<SchemaName, Writer>();
  readonly #registry: SchemaRegistryClient | undefined;
  #scratch = Buffer.allocUnsafe(64 * 1024);

  constructor(catalog: SchemaCatalog, ids: ReadonlyMap<SchemaName, number>, registry?: SchemaRegistryClient) {
    this.#catalog = catalog;
    this.#ids = ids;
    this.#registry = registry;
  }

  /** The schema id this codec writes for a schema name. */
  idOf(name: SchemaName): number {
    const id = this.#ids.get(name);
    if (id === undefined)
      throw new OspreyError('ENCODE_ERROR', `No schema id for ${String(name)}.`, { retriable: false });
    return id;
  }

  encode<N extends SchemaName>(schemaName: N, value: SchemaInputs[N]): Buffer {
    const writer = this.#writerOf(schemaName);
    let end: number;
    try {
      end = this.#write(writer, value);
      if (end > this.#scratch.length) {
        this.#scratch = Buffer.allocUnsafe(Math.max(this.#scratch.length * 2, end));
        end = this.#write(writer, value);
      }
    } catch (err) {
      throw new OspreyError('ENCODE_ERROR', `Cannot encode ${schemaName}: ${invalidPaths(writer.type, value)}`, {
        cause: err,
        retriable: false,
      });
    }
    const out = Buffer.allocUnsafe(end);
    this.#scratch.copy(out, 0, 0, end);
    out.writeUInt8(MAGIC_BYTE, 0);
    out.writeInt32BE(this.idOf(schemaName), 1);
    return out;
  }

  /** Writes the body after the header into the scratch buffer; an end past its length means it did not fit. */
  #write(writer: Writer, value: unknown): number {
    if (writer.compiled) return writer.compiled(value, this.#scratch, HEADER_SIZE);
    const end = writer.type.encode(value, this.#scratch, HEADER_SIZE);
    return end < 0 ? this.#scratch.length - end : end;
  }

  #writerOf(name: SchemaName): Writer {
    let writer = this.#writers.get(name);
    if (!writer) {
      const type = this.#catalog.current(name).type;
      writer = { type, compiled: compiledWriterOf(type) };
      this.#writers.set(name, writer);
    }
    return writer;
  }

  /** Decodes a framed value whose schema id is known (local table, registered or fetched before). */
  decode(buffer: Buffer, where: MessageLocation = {}): Decoded {
    const id = frameId(buffer, where);
    const reader = this.#readerFor(id);
    if (!reader) throw decodeError(`unknown schema id ${id}`, where);
    return this.#decodeBody(buffer, id, reader, where);
  }

  /** Like decode, but fetches an unknown schema id from the Schema Registry first (when one is configured). */
  async decodeAsync(buffer: Buffer, where: MessageLocation = {}): Promise<Decoded> {
    const id = frameId(buffer, where);
    if (!this.#readerFor(id) && this.#registry) await this.#fetchWriter(id, where);
    return this.decode(buffer, where);
  }

  #decodeBody(buffer: Buffer, id: number, reader: Reader, where: MessageLocation): Decoded {
    try {
      const value: unknown = reader.compiled
        ? reader.compiled(buffer, HEADER_SIZE)
        : reader.reader.fromBuffer(buffer.subarray(HEADER_SIZE), reader.resolver);
      return { schemaName: reader.name, schemaId: id, value } as Decoded;
    } catch (err) {
      throw decodeError(`schema id ${id} (${reader.name}): ${(err as Error).message}`, where, err);
    }
  }

  #readerFor(id: number): Reader | undefined {
    const cached = this.#readers.get(id);
    if (cached) return cached;
    const local = this.#registry ? undefined : this.#catalog.writerOf(id);
    if (!local) return undefined;
    return this.#remember(id, local.name, local.type);
  }

  #remember(id: number, name: SchemaName, writer: avro.Type): Reader {
    const reader = this.#catalog.current(name).type;
    const resolver = resolverFor(reader, writer);
    const entry = { name, writer, reader, resolver, compiled: resolver ? undefined : compiledReaderOf(reader) };
    this.#readers.set(id, entry);
    return entry;
  }

  async #fetchWriter(id: number, where: MessageLocation): Promise<void> {
    if (!this.#registry) return;
    const text = await this.#registry.schemaById(id);
    const writer = parseAvroSchema(text);
    const name = writer.name === undefined ? undefined : this.#catalog.nameOfRecord(writer.name);
    if (!name) throw decodeError(`schema id ${id} is ${writer.name ?? 'unnamed'}, not an Osprey record`, where);
    this.#remember(id, name, writer);
  }

  /** Used at start with a registry: remember the writer types of the ids we registered. */
  rememberRegistered(id: number, name: SchemaName): void {
    this.#remember(id, name, this.#catalog.current(name).type);
  }
}

/** `compile` run once per type, its result shared by every codec over the same catalog. */
function oncePerType<T>(compile: (type: avro.Type) => T): (type: avro.Type) => T {
  const compiled = new WeakMap<avro.Type, T>();
  return (type) => {
    if (!compiled.has(type)) compiled.set(type, compile(type));
    return compiled.get(type) as T;
  };
}

const compiledReaderOf = oncePerType(compileReader);
const compiledWriterOf = oncePerType(compileWriter);

function frameId(buffer: Buffer, where: MessageLocation): number {
  if (buffer.length < HEADER_SIZE)
    throw decodeError(`message of ${buffer.length} bytes is shorter than the 5-byte header`, where);
  const magic = buffer.readUInt8(0);
  if (magic !== MAGIC_BYTE) throw decodeError(`magic byte ${magic} is not 0 (not Confluent-framed Avro)`, where);
  return buffer.readInt32BE(1);
}

function decodeError(reason: string, where: MessageLocation, cause?: unknown): OspreyError {
  const place = where.topic === undefined ? '' : ` at ${where.topic}/${where.partition ?? '?'}@${where.offset ?? '?'}`;
  return new OspreyError('DECODE_ERROR', `Cannot decode Avro message${place}: ${reason}.`, {
    cause,
    retriable: false,
    context: { ...where },
  });
}

function invalidPaths(type: avro.Type, value: unknown): string {
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path: string[], bad: unknown) => {
      if (problems.length < 5) problems.push(`${path.join('.') || '(value)'} = ${JSON.stringify(bad) ?? String(bad)}`);
    },
  });
  return problems.length > 0 ? `invalid ${problems.join(', ')}` : 'invalid value';
}

export interface CodecOptions {
  /** Confluent Schema Registry; without it, ids come from schemas/registry.json. */
  readonly schemaRegistry?: SchemaRegistryOptions;
  readonly catalog?: SchemaCatalog;
  readonly log?: Logger;
}

/** A codec ready to use: with a registry, every current schema is registered first and its id cached. */
export async function createCodec(options: CodecOptions = {}): Promise<AvroCodec> {
  const catalog = options.catalog ?? shippedCatalog();
  if (!options.schemaRegistry) return localCodec(catalog);
  const registry = new SchemaRegistryClient(options.schemaRegistry);
  const ids = new Map<SchemaName, number>();
  for (const name of SCHEMA_NAMES)
    ids.set(name, await registry.register(RECORD_NAMES[name], catalog.current(name).text));
  const codec = new AvroCodec(catalog, ids, registry);
  for (const [name, id] of ids) codec.rememberRegistered(id, name);
  options.log?.info({ ids: Object.fromEntries(ids) }, 'Registered the Avro schemas with the Schema Registry.');
  return codec;
}

function localCodec(catalog: SchemaCatalog): AvroCodec {
  return new AvroCodec(catalog, new Map(SCHEMA_NAMES.map((name) => [name, catalog.current(name).localId])));
}

let shipped: AvroCodec | undefined;

/** The codec over the shipped schema id table (no registry). */
export function defaultCodec(): AvroCodec {
  shipped ??= localCodec(shippedCatalog());
  return shipped;
}

export function encode<N extends SchemaName>(schemaName: N, value: SchemaInputs[N]): Buffer {
  return defaultCodec().encode(schemaName, value);
}

export function decode(buffer: Buffer, where?: MessageLocation): Decoded {
  return defaultCodec().decode(buffer, where);
}
