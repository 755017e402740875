/**
 * Runs one scheduled query as osquery's `launchQuery` does: mark it as `executing_query` (so a crash or a watchdog
 * kill mid-query denylists it on restart), run it, turn rows into osquery's logged values, apply the differential
 * semantics, and commit the new state with the log record in one transaction. A failing query logs
 * `Error executing scheduled query <name>: <msg>` and writes nothing else.
 */
import { messageOf } from '../../common/errors.js';
import type { SqlValue } from '../engine/spec.js';
import { calendarTime } from '../loggers/format.js';
import type { LogPayload } from '../loggers/types.js';
import type { DaemonMetrics } from './metrics.js';
import { PreviousState } from './previous-state.js';
import { evaluate, type Outcome } from './results.js';
import { doubleColumnIndexes, toLoggedRows } from './rows.js';
import type { ScheduledQuery } from './schedule.js';
import type { QueryStats } from './stats.js';
import type { StatusLog } from './status.js';
import type { DaemonStore } from './store.js';
import type { WorkerChannel } from './worker-channel.js';

/** The part of the engine the daemon uses (collector/engine/engine.ts satisfies it). */
export interface SqlRunner {
  query(sql: string): { columns: string[]; rows: SqlValue[][] };
  /** The Engine's: query() plus which columns held REALs; hosts without it print integral REALs as integers. */
  queryTyped?(sql: string): { columns: string[]; rows: SqlValue[][]; reals: boolean[] };
  queryColumns(sql: string): Array<{ name: string; type: string }>;
  tablesRead(sql: string): string[];
  table(name: string): { attributes?: { eventBased?: boolean } } | undefined;
}

export interface ExecutorContext {
  readonly engine: SqlRunner;
  readonly store: DaemonStore;
  readonly status: StatusLog;
  readonly stats: QueryStats;
  readonly flags: { getBool(name: string): boolean; getNumber(name: string): number };
  readonly hostIdentifier: () => string;
  readonly decorations: () => Readonly<Record<string, string>>;
  readonly now: () => number;
  readonly channel?: WorkerChannel;
  readonly metrics?: DaemonMetrics;
  /** The event store: which scheduled query reads, so event tables return only its new events (events_optimize). */
  readonly events?: { beginQuery(name: string): void; finishQuery(): void; abortQuery(): void };
}

export const EXECUTING_QUERY_KEY = 'executing_query';

export class QueryExecutor {
  readonly #ctx: ExecutorContext;
  readonly #shapes = new Map<string, { doubles: Set<number>; eventBased: boolean }>();
  readonly #previous: PreviousState;

  constructor(ctx: ExecutorContext) {
    this.#ctx = ctx;
    this.#previous = new PreviousState(ctx.store);
  }

  /** Runs the query and commits its outcome; returns the outcome (or undefined when the query failed). */
  run(query: ScheduledQuery): Outcome | undefined {
    const { store, stats } = this.#ctx;
    // Unsynced: a watchdog kill leaves it in the page cache, which is all a restart needs (no fsync per query).
    store.unsynced(() => store.set(EXECUTING_QUERY_KEY, query.name));
    this.#ctx.channel?.querying(query.name);
    this.#ctx.events?.beginQuery(query.name);
    const sample = stats.begin();
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    let result: { columns: string[]; rows: SqlValue[][]; reals?: boolean[] };
    try {
      const engine = this.#ctx.engine;
      result = engine.queryTyped?.(query.query) ?? engine.query(query.query);
    } catch (err) {
      this.#ctx.events?.abortQuery();
      this.#ctx.channel?.idle();
      store.unsynced(() => store.delete(EXECUTING_QUERY_KEY));
      stats.end(query.name, sample, 0);
      this.#ctx.metrics?.queryRan(query.name, seconds(), 0, true);
      this.#ctx.status.error(`Error executing scheduled query ${query.name}: ${messageOf(err)}`);
      return undefined;
    }
    const shape = this.#shape(query.query);
    const numerics = this.#ctx.flags.getBool('logger_numerics');
    // Declared DOUBLE columns, and any column where SQLite returned a REAL (an expression such as round(x)).
    const doubles = result.reals?.some(Boolean)
      ? new Set([...shape.doubles, ...realIndexes(result.reals)])
      : shape.doubles;
    const rows = toLoggedRows(result.columns, result.rows, { numerics, doubleColumns: doubles });
    const epoch = this.#ctx.flags.getNumber('schedule_epoch');
    const previous = query.snapshot ? undefined : this.#previous.get(query.name);
    const { outcome, next } = evaluate(previous, rows, epoch, {
      snapshot: query.snapshot,
      eventBased: shape.eventBased && this.#ctx.flags.getBool('events_optimize'),
      logRemoved: query.removed,
    });
    const payload = this.#payload(query.name, outcome, epoch, numerics);
    const commit = (): void =>
      store.transaction(() => {
        store.commit(query.name, next, payload ? [payload] : [], EXECUTING_QUERY_KEY);
        this.#ctx.events?.finishQuery(); // the event cursors this query advanced, with its results or not at all
      });
    // Most runs change nothing: their commit (the marker cleared, perhaps an event cursor that matched no rows) needs
    // no fsync of its own; the next synced commit covers it, and only a power loss before that could undo it.
    if (payload === undefined && next === undefined) store.unsynced(commit);
    else commit();
    if (next) this.#previous.committed(query.name, next);
    this.#ctx.channel?.idle();
    stats.end(query.name, sample, outputSize(rows));
    this.#ctx.metrics?.queryRan(query.name, seconds(), rowsLogged(outcome), false);
    return outcome;
  }

  /** Whether the statement reads an event-based table (exempt from the denylist, no diff). */
  isEventBased(sql: string): boolean {
    return this.#shape(sql).eventBased;
  }

  /** Declared column types and event-based tables of a statement, computed once per SQL text. */
  #shape(sql: string): { doubles: Set<number>; eventBased: boolean } {
    let shape = this.#shapes.get(sql);
    if (!shape) {
      const engine = this.#ctx.engine;
      let doubles = new Set<number>();
      let eventBased = false;
      try {
        doubles = doubleColumnIndexes(engine.queryColumns(sql));
        eventBased = engine.tablesRead(sql).some((name) => engine.table(name)?.attributes?.eventBased === true);
      } catch {
        // The query ran, so this cannot normally fail; without types every value is logged as SQLite returned it.
      }
      shape = { doubles, eventBased };
      this.#shapes.set(sql, shape);
    }
    return shape;
  }

  #payload(name: string, outcome: Outcome, epoch: number, numerics: boolean): LogPayload | undefined {
    if (outcome.kind === 'none') return undefined;
    const unixTime = this.#ctx.now();
    const decorations = this.#ctx.decorations();
    const header = {
      name,
      hostIdentifier: this.#ctx.hostIdentifier(),
      calendarTime: calendarTime(unixTime),
      unixTime,
      epoch,
      counter: outcome.kind === 'diff' ? outcome.counter : 0,
      numerics,
      ...(Object.keys(decorations).length > 0 ? { decorations } : {}),
    };
    if (outcome.kind === 'snapshot') return { kind: 'snapshot', ...header, rows: outcome.rows };
    return { kind: 'diff', ...header, removed: outcome.removed, added: outcome.added };
  }
}

function rowsLogged(outcome: Outcome): number {
  if (outcome.kind === 'snapshot') return outcome.rows.length;
  if (outcome.kind === 'diff') return outcome.added.length + outcome.removed.length;
  return 0;
}

function outputSize(rows: ReadonlyArray<Readonly<Record<string, string | number>>>): number {
  let size = 0;
  // for-in rather than Object.entries: no pair arrays per row (process_memory_map has ~10k rows a run).
  for (const row of rows) {
    for (const key in row) {
      const value = row[key] as string | number;
      size += key.length + (typeof value === 'string' ? value.length : String(value).length);
    }
  }
  return size;
}

function realIndexes(reals: readonly boolean[]): number[] {
  return reals.flatMap((real, i) => (real ? [i] : []));
}
