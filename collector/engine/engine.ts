/**
 * The SQL engine: an in-memory SQLite (better-sqlite3) with Osprey's native virtual-table module loaded, every
 * discovered table registered as an eponymous virtual table declared with osquery's schema, and osquery's extra
 * SQL functions. Queries run synchronously; generators are called from inside SQLite.
 *
 * Start-up: declaring ~150 virtual tables costs more than most one-shot queries, so discovered tables wait in
 * `pending` and are declared just before a statement whose text names them (or one of their aliases) is prepared
 * (pending.ts). Tables given to registerTable() (extensions, tests) are declared at once, as before. From dist/, even
 * discovery and the extra SQL functions wait for the first need (a statement that may name a table or function, a
 * list of tables, a registration), and their modules with them (on-demand.ts): a one-shot `SELECT 1` reads no spec
 * cache and loads neither (pending.ts).
 */
import type Database from 'better-sqlite3';
import { OspreyError, messageOf } from '../../common/errors.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { defaultServices } from './context.js';
import type { DiscoveryResult } from './discovery.js';
import {
  ADDON_PATH,
  addHandler,
  internalCall,
  loadAddon,
  removeHandler,
  takePlannedTables,
  takeRequiredFailure,
} from './native.js';
import { mayNameTable, PendingTables } from './pending.js';
import { LOADS_ON_DEMAND, onDemand, preloadOnDemand } from './on-demand.js';
import { openMemoryDatabase } from './sqlite.js';
import { createTableSql, pushdownCodes, schemaLine, typeCodes } from './schema.js';
import { declaredColumns, type EngineServices, type Row, type SqlValue, type TableDefinition } from './spec.js';

import { mergeResults, realColumns } from './results.js';
import { sqlStatements } from './statements.js';

export { splitStatements } from './statements.js';

export interface QueryResult {
  columns: string[];
  rows: SqlValue[][];
}

/** A result that also says which columns SQLite returned as REAL (see queryTyped). */
export interface TypedQueryResult extends QueryResult {
  /**
   * Columns where SQLite returned a REAL (true at that index): a JavaScript number cannot tell 4.0 from 4, and
   * osquery prints REALs as `4.0`, also for expressions (`SELECT round(3.7)`) that have no declared type.
   */
  reals: boolean[];
}

export interface EngineOptions {
  log?: Logger;
  services?: Partial<EngineServices>;
  extraTables?: readonly TableDefinition[];
  /** Declare every discovered table at start-up rather than before the first statement naming it. A long-running
   * daemon wants this: its tables' generators run engine statements of their own (osquery_schedule asks each
   * query's shape), and a table cannot be declared while another statement is running. */
  declareAllTables?: boolean;
}

interface Registered {
  def: TableDefinition;
  handlerId: number;
}

export class Engine {
  readonly sqliteVersion: string;
  readonly services: EngineServices;
  private readonly db: Database.Database;
  private readonly log: Logger;
  private readonly registered = new Map<string, Registered>();
  private readonly pending = new PendingTables();
  private registerStatement: Database.Statement | undefined;
  /** Whether discovery has run and the extra SQL functions are registered (once, on first need: setUp()). */
  private ready = false;

  /** Discovers every collector/tables/**\/*.table.{js,ts}; a spec that fails to load is logged and left out. */
  static async create(options: EngineOptions = {}): Promise<Engine> {
    const engine = new Engine(options);
    await preloadOnDemand();
    if (!LOADS_ON_DEMAND || options.declareAllTables === true) {
      engine.setUp(await onDemand('discovery').discoverTables());
    }
    for (const def of options.extraTables ?? []) {
      try {
        engine.registerTable(def);
      } catch (err) {
        engine.log.error({ err, table: def.name }, 'Table could not be registered.');
      }
    }
    if (options.declareAllTables === true) engine.declareNamedTables(null);
    return engine;
  }

  private constructor(options: EngineOptions) {
    this.log = (options.log ?? silentLogger()).child({ component: 'engine' });
    this.services = defaultServices(options.services);
    loadAddon();
    this.db = openMemoryDatabase();
    this.db.loadExtension(ADDON_PATH);
    this.sqliteVersion = String(this.db.prepare('SELECT sqlite_version()').pluck().get());
  }

  private addDiscovered(found: DiscoveryResult): void {
    for (const failure of found.failures) {
      this.log.error({ err: failure.error, file: failure.file }, 'Table spec failed to load; the table is missing.');
    }
    for (const def of found.tables) {
      if (this.isKnown(def.name)) this.log.error({ table: def.name }, 'Table is defined twice; the first stays.');
      else this.pending.add(def);
    }
  }

  /** Registers the extra SQL functions and the discovered tables (discovering them now unless given), once. */
  private setUp(found?: DiscoveryResult): void {
    if (this.ready) return;
    this.ready = true;
    onDemand('functions').registerFunctions(this.db, this.log);
    this.addDiscovered(found ?? onDemand('discovery').discoverTablesSync());
  }

  /**
   * Runs a query text as osquery does: statement by statement, each prepared after the one before has run, the
   * rows of all of them in one result (columns in order of first appearance; a column a statement lacks is NULL in
   * its rows). A trailing `;`, whitespace or comment is no statement; an empty text answers no rows.
   */
  query(sql: string): QueryResult {
    const { columns, rows } = this.queryTyped(sql);
    return { columns, rows };
  }

  /** query(), and which result columns held REALs (for printing and logging them as osquery does). */
  queryTyped(sql: string): TypedQueryResult {
    const statements = sqlStatements(sql);
    if (statements.length === 1) return this.runStatement(statements[0] ?? '');
    return mergeResults(statements.map((statement) => this.runStatement(statement)));
  }

  queryRows(sql: string): Row[] {
    const { columns, rows } = this.query(sql);
    return rows.map((values) => {
      const row: Row = {};
      columns.forEach((name, i) => (row[name] = values[i] ?? null));
      return row;
    });
  }

  /** Result columns of a statement without running it (the first statement of the text, as osquery reads them). */
  queryColumns(sql: string): Array<{ name: string; type: string }> {
    const first = sqlStatements(sql)[0];
    if (first === undefined) return [];
    const statement = this.prepare(first);
    if (!statement.reader) return [];
    return statement.columns().map((c) => ({ name: c.name, type: c.type ?? 'UNKNOWN' }));
  }

  /** Osprey tables a query text scans: those SQLite plans while preparing it (views and aliases resolved). */
  tablesRead(sql: string): string[] {
    this.setUp();
    takePlannedTables();
    for (const statement of sqlStatements(sql)) {
      this.declareNamedTables(statement);
      try {
        this.db.prepare(statement);
      } catch {
        // A statement that cannot be planned (a missing required column) still had its tables planned.
      }
    }
    return takePlannedTables()
      .filter((name) => this.registered.has(name))
      .sort();
  }

  /** Every table, declared to SQLite yet or not. */
  tables(): TableDefinition[] {
    this.setUp();
    return [...[...this.registered.values()].map((r) => r.def), ...this.pending.definitions()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }

  table(name: string): TableDefinition | undefined {
    this.setUp();
    return this.registered.get(name)?.def ?? this.pending.get(name);
  }

  schema(prefix = ''): string[] {
    return this.tables()
      .filter((t) => t.name.startsWith(prefix))
      .map(schemaLine);
  }

  registerTable(def: TableDefinition): void {
    this.setUp();
    if (this.isKnown(def.name)) {
      throw new OspreyError('TABLE_ERROR', `Table ${def.name} is already registered.`, { retriable: false });
    }
    const declared = declaredColumns(def);
    const handlerId = addHandler(onDemand('scan').scanHandler(def, { log: this.log, services: this.services }));
    try {
      internalCall(() => {
        // Prepared once, inside internalCall: the native authorizer checks the function when a statement compiles.
        this.registerStatement ??= this.db.prepare('SELECT osprey_register_table(?, ?, ?, ?, ?)');
        return this.registerStatement.get(
          def.name,
          createTableSql(def),
          handlerId,
          typeCodes(declared),
          pushdownCodes(declared),
        );
      });
      this.db.prepare(`PRAGMA table_xinfo(${def.name})`).all(); // declares the schema now, so errors surface here
      for (const alias of def.aliases ?? []) this.db.exec(`CREATE VIEW ${alias} AS SELECT * FROM ${def.name}`);
    } catch (err) {
      removeHandler(handlerId);
      this.dropModule(def);
      throw new OspreyError('TABLE_ERROR', `Table ${def.name} could not be registered: ${messageOf(err)}`, {
        cause: err,
        retriable: false,
      });
    }
    this.registered.set(def.name, { def, handlerId });
  }

  unregisterTable(name: string): void {
    this.setUp();
    this.pending.remove(name);
    const entry = this.registered.get(name);
    if (entry === undefined) return;
    this.registered.delete(name);
    this.dropModule(entry.def);
    removeHandler(entry.handlerId);
  }

  close(): void {
    this.ready = true;
    for (const entry of this.registered.values()) removeHandler(entry.handlerId);
    this.registered.clear();
    this.pending.clear();
    this.db.close();
  }

  private isKnown(name: string): boolean {
    return this.registered.has(name) || this.pending.get(name) !== undefined;
  }

  /** Declares the pending tables a statement's text names (every one, given null). One that cannot be declared
   * now (a statement is running: SQLite is busy) goes back to pending, so the next statement naming it retries. */
  private declareNamedTables(sql: string | null): void {
    const named = sql === null ? this.pending.definitions() : this.pending.takeNamedIn(sql);
    for (const def of named) {
      this.pending.remove(def.name);
      try {
        this.registerTable(def);
      } catch (err) {
        if (!messageOf(err).includes('busy')) throw err;
        this.pending.add(def);
        this.log.error(
          { err, table: def.name },
          'Table could not be declared now; the next statement naming it retries.',
        );
      }
    }
  }

  private dropModule(def: TableDefinition): void {
    for (const alias of def.aliases ?? []) this.db.exec(`DROP VIEW IF EXISTS ${alias}`);
    internalCall(() => this.db.prepare('SELECT osprey_unregister_table(?)').get(def.name));
  }

  /** One statement; columns are the declared type, `UNKNOWN` for expressions. */
  private runStatement(sql: string): TypedQueryResult {
    const statement = this.prepare(sql);
    if (!statement.reader) {
      this.run(() => statement.run());
      return { columns: [], rows: [], reals: [] };
    }
    const columns = statement.columns().map((c) => c.name);
    const rows = this.run(() => statement.raw(true).safeIntegers(true).all() as SqlValue[][]);
    return { columns, rows, reals: realColumns(columns, rows) };
  }

  private prepare(sql: string): Database.Statement {
    if (this.ready || mayNameTable(sql)) {
      this.setUp();
      this.declareNamedTables(sql);
    }
    takeRequiredFailure();
    return this.run(() => this.db.prepare(sql));
  }

  /** Runs a step of SQLite work and turns its failure into osquery's wording. */
  private run<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      throw this.sqlError(err);
    }
  }

  /**
   * A missing required column is SQLITE_CONSTRAINT (19) in osquery, the shell's exit code, with its two warnings;
   * other failures keep SQLite's message.
   */
  private sqlError(err: unknown): OspreyError {
    const message = messageOf(err);
    const required = message.includes('no query solution') ? takeRequiredFailure() : null;
    if (required === null) return new OspreyError('SQL_ERROR', message, { cause: err, retriable: false });
    const text = `Table ${required} was queried without a required column in the WHERE clause`;
    this.services.warn?.(text);
    this.services.warn?.(`Please see the table documentation: https://osquery.io/schema/#${required}`);
    return new OspreyError('SQL_ERROR', text, {
      cause: err,
      retriable: false,
      context: { sqliteCode: SQLITE_CONSTRAINT },
    });
  }
}

const SQLITE_CONSTRAINT = 19;
