/**
 * The schemas Osprey ships: the current version of each (schemas/avro/<name>.avsc) and the schema id table
 * (schemas/registry.json) with every version ever given an id (schemas/history/<name>.v<version>.avsc), so data
 * written by an older agent stays readable. Both are produced by scripts/gen-schema-types.mjs.
 */
import { readFileSync } from 'node:fs';
import type avro from 'avsc';
import { OspreyError } from '../errors.js';
import { fromRoot } from '../paths.js';
import { RECORD_NAMES, SCHEMA_NAMES, type SchemaName } from '../../schemas/generated/index.js';
import { parseAvroSchema } from './avro-types.js';

export interface SchemaVersionEntry {
  readonly id: number;
  readonly name: SchemaName;
  readonly version: number;
  /** Fully-qualified Avro record name. */
  readonly record: string;
  readonly fingerprint: string;
}

export interface CurrentSchema {
  readonly name: SchemaName;
  /** The .avsc text, as registered with a Schema Registry. */
  readonly text: string;
  readonly type: avro.Type;
  /** Its id in the local table. */
  readonly localId: number;
}

export class SchemaCatalog {
  readonly #current = new Map<SchemaName, CurrentSchema>();
  readonly #entries = new Map<number, SchemaVersionEntry>();
  readonly #historyTypes = new Map<number, avro.Type>();
  readonly #readText: (path: string) => string;

  constructor(entries: readonly SchemaVersionEntry[], readText: (path: string) => string = defaultReadText) {
    for (const entry of entries) this.#entries.set(entry.id, entry);
    for (const name of SCHEMA_NAMES) {
      const text = readText(`schemas/avro/${name}.avsc`);
      const latest = entries.filter((e) => e.name === name).sort((a, b) => b.version - a.version)[0];
      if (!latest) {
        throw new OspreyError(
          'CONFIG_INVALID',
          `Schema ${name} has no id in schemas/registry.json: run scripts/gen-schema-types.mjs.`,
        );
      }
      this.#current.set(name, { name, text, type: parseAvroSchema(text), localId: latest.id });
    }
    this.#readText = readText;
  }

  current(name: SchemaName): CurrentSchema {
    const schema = this.#current.get(name);
    if (!schema) throw new OspreyError('NOT_FOUND', `Unknown schema name: ${String(name)}`, { retriable: false });
    return schema;
  }

  /** The schema name an Avro record name belongs to (for schemas fetched from a registry by id). */
  nameOfRecord(record: string): SchemaName | undefined {
    return SCHEMA_NAMES.find((name) => RECORD_NAMES[name] === record);
  }

  /** The writer type for a local id, or undefined when the id is not in the table. */
  writerOf(id: number): { name: SchemaName; type: avro.Type } | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    let type = this.#historyTypes.get(id);
    if (!type) {
      const current = this.current(entry.name);
      type =
        current.localId === id
          ? current.type
          : parseAvroSchema(this.#readText(`schemas/history/${entry.name}.v${entry.version}.avsc`));
      this.#historyTypes.set(id, type);
    }
    return { name: entry.name, type };
  }
}

function defaultReadText(path: string): string {
  return readFileSync(fromRoot(path), 'utf8');
}

let shipped: SchemaCatalog | undefined;

/** The catalog of the schemas in this checkout / package (loaded once). */
export function shippedCatalog(): SchemaCatalog {
  if (!shipped) {
    const table = JSON.parse(readFileSync(fromRoot('schemas/registry.json'), 'utf8')) as {
      schemas: SchemaVersionEntry[];
    };
    shipped = new SchemaCatalog(table.schemas);
  }
  return shipped;
}
