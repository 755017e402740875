/**
 * The declarative table spec. One `<name>.table.ts` file per table exports `default defineTable({...})`; the engine
 * finds spec files by walking collector/tables/ (no list to edit), registers each as a SQLite virtual table, and the
 * same spec drives `.schema`, `PRAGMA table_info`, docs/tables.md and the generic per-table test.
 * Names and types follow osquery's specs (shared reference: osquery-linux-tables.json).
 */
import type { Logger } from '../../common/logger.js';

export type ColumnType = 'TEXT' | 'INTEGER' | 'BIGINT' | 'UNSIGNED BIGINT' | 'DOUBLE' | 'BLOB';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly description: string;
  /** The query must constrain this column (osquery REQUIRED): `Table t was queried without a required column…`. */
  readonly required?: boolean;
  /** Constraints on this column reach the generator (osquery INDEX), and it is part of the primary key. */
  readonly index?: boolean;
  /** Like index for pushdown and the key, without being the natural key (osquery ADDITIONAL). */
  readonly additional?: boolean;
  /** Not in `SELECT *` (osquery HIDDEN). */
  readonly hidden?: boolean;
  /** Receives all `IN (...)` values at once (osquery OPTIMIZED). */
  readonly optimized?: boolean;
  readonly collate?: 'BINARY' | 'NOCASE' | 'RTRIM' | 'VERSION' | 'VERSION_ARCH' | 'VERSION_DPKG' | 'VERSION_RHEL';
  /**
   * Other names for this column (osquery column aliases, e.g. time.date_time for datetime): each is declared as an
   * extra HIDDEN column of this column's type after the spec's columns, and reads this column's value.
   */
  readonly aliases?: readonly string[];
}

/** A column as SQLite sees it: a spec column, or a column alias whose value comes from `source`. */
export interface DeclaredColumn extends ColumnSpec {
  /** The spec column whose row value this column carries (its own name for a spec column). */
  readonly source: string;
}

/** The spec's columns, then one hidden column per column alias (osquery's columnDefinition appends them so). */
export function declaredColumns(spec: Pick<TableSpec, 'columns'>): DeclaredColumn[] {
  const columns: DeclaredColumn[] = spec.columns.map((c) => ({ ...c, source: c.name }));
  for (const target of spec.columns) {
    for (const alias of target.aliases ?? []) {
      columns.push({
        name: alias,
        type: target.type,
        description: `Alias of ${target.name}`,
        hidden: true,
        source: target.name,
      });
    }
  }
  return columns;
}

export interface TableAttributes {
  readonly utility?: boolean;
  readonly cacheable?: boolean;
  readonly eventBased?: boolean;
  readonly userBased?: boolean;
  readonly kernelRequired?: boolean;
}

export interface TableSpec {
  readonly name: string;
  readonly description: string;
  readonly platforms: readonly string[];
  readonly columns: readonly ColumnSpec[];
  readonly attributes?: TableAttributes;
  /** Other names for the table, registered as views (osquery table aliases). */
  readonly aliases?: readonly string[];
  readonly examples?: readonly string[];
}

export type SqlValue = string | number | bigint | null;

/** Row as a generator returns it: osquery-style, keyed by column name; missing keys are NULL. */
export type Row = Record<string, SqlValue | undefined>;

export type ConstraintOp = '=' | '>' | '<' | '>=' | '<=' | 'LIKE' | 'GLOB' | 'REGEXP' | 'MATCH' | '!=' | 'IS' | 'ISNOT';

export interface Constraint {
  readonly column: string;
  readonly op: ConstraintOp;
  readonly value: SqlValue;
}

/** Counters a generator bumps for what it skipped (a process that exited, EACCES, a malformed line). */
export interface TableErrorCounter {
  skip(reason: string, err?: unknown): void;
}

/**
 * What one scan of a table knows about the query: the constraints SQLite pushed down (only on index, additional and
 * required columns, as osquery does) and which columns the query reads, so a generator does only the work needed.
 * SQLite re-checks every constraint on the rows returned, so a generator may return a superset.
 */
export interface QueryContext {
  readonly table: string;
  readonly constraints: readonly Constraint[];
  /** Values of `=` constraints (and IN lists) on a column; empty when none. */
  equals(column: string): SqlValue[];
  /** Patterns of `LIKE` constraints on a column. */
  likes(column: string): string[];
  /** Whether the column has any pushed-down constraint. */
  constrained(column: string): boolean;
  /** Whether the query reads the column (from SQLite's colUsed); true when unknown. */
  used(column: string): boolean;
  readonly log: Logger;
  readonly errors: TableErrorCounter;
  /** Engine-wide services some tables need (flags, registry, daemon state); EngineServices below. */
  readonly services: EngineServices;
}

/** The event store as event tables read it (collector/events/store.ts's EventStore is one). */
export interface EventReader {
  /** The rows `table`'s publisher stored, narrowed by the query's time constraints. */
  select(table: string, ctx: QueryContext): Iterable<Row>;
}

/** Filled in by whoever hosts the engine (shell or daemon); tables read what they need and tolerate absence. */
export interface EngineServices {
  readonly flags?: { list(): FlagRow[]; get(name: string): string | undefined };
  readonly registry?: { list(): RegistryRow[] };
  readonly schedule?: { list(): Row[] };
  readonly packs?: { list(): Row[] };
  readonly events?: { list(): Row[] };
  readonly extensions?: { list(): Row[] };
  /** The event store, for event-based tables (file_events, process_events, socket_events). */
  readonly eventStore?: EventReader;
  readonly startTime: number;
  readonly version: string;
  readonly configHash?: () => string;
  readonly configValid?: () => boolean;
  readonly instanceId: string;
  readonly hostUuid?: () => string;
  /**
   * Where osquery's LOG(WARNING) lines about a query go (osqueryi prints them on stderr): a required column left
   * out, an event table while events are disabled, a user table read without a uid.
   */
  readonly warn?: (message: string) => void;
  /** The daemon's running config (top-level keys such as file_paths, yara, events), for tables that use it. */
  readonly config?: () => Readonly<Record<string, unknown>>;
}

export interface FlagRow {
  name: string;
  type: string;
  description: string;
  default_value: string;
  value: string;
  shell_only: number;
}

export interface RegistryRow {
  registry: string;
  name: string;
  owner_uuid: number;
  internal: number;
  active: number;
}

export type Generator = (ctx: QueryContext) => Iterable<Row>;

export interface TableDefinition extends TableSpec {
  readonly generate: Generator;
}

/** Declares a table: the spec plus the generator that implements it. */
export function defineTable(spec: TableSpec & { generate: Generator }): TableDefinition {
  validateSpec(spec);
  return Object.freeze(spec);
}

/** Shorthand for a column: `col('pid', 'BIGINT', 'Process (or thread) ID', { index: true })`. */
export function col(
  name: string,
  type: ColumnType,
  description: string,
  options: Omit<ColumnSpec, 'name' | 'type' | 'description'> = {},
): ColumnSpec {
  return { name, type, description, ...options };
}

const RESERVED_COLUMNS = new Set(['n', 'index']);

function validateSpec(spec: TableSpec): void {
  if (!/^[a-z][a-z0-9_]*$/.test(spec.name)) throw new Error(`Table name ${spec.name} is not snake_case.`);
  const seen = new Set<string>();
  for (const column of declaredColumns(spec)) {
    if (seen.has(column.name)) throw new Error(`Table ${spec.name} declares column ${column.name} twice.`);
    if (RESERVED_COLUMNS.has(column.name)) throw new Error(`Table ${spec.name} uses reserved column ${column.name}.`);
    seen.add(column.name);
  }
  if (spec.attributes?.eventBased && !spec.name.endsWith('_events') && !spec.name.startsWith('yara')) {
    throw new Error(`Event table ${spec.name} must end in _events.`);
  }
}
