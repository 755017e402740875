/**
 * The event store (osquery's EventSubscriberPlugin storage): rows that publishers add are kept in SQLite with `time`
 * (UNIX seconds at add) and `eid` (a counter that never goes back, shown as 10 zero-padded digits), and event tables
 * read them back through select(). In the daemon the rows live in the daemon's own database file (its handle is
 * passed in, so they share its exclusive lock and crash safety); in the shell an in-memory database holds them.
 *
 * Scheduled reads (events_optimize): between beginQuery(name) and finishQuery(), a select without a `time`
 * constraint returns only events newer than what that query read last time. The new cursor is written by
 * finishQuery(), which the executor calls inside the transaction that commits the query's results, so a crash
 * between the two neither repeats nor loses events.
 */
import Database from 'better-sqlite3';
import { silentLogger, type Logger } from '../../common/logger.js';
import { withoutFsync } from '../../common/sqlite-sync.js';
import type { QueryContext, Row } from '../engine/spec.js';
import { expiryCutoff, timeBounds, type TimeBounds } from './store-bounds.js';
import type { EventSink } from './types.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    eid INTEGER PRIMARY KEY AUTOINCREMENT, subscriber TEXT NOT NULL, time INTEGER NOT NULL, row TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS events_by_subscriber ON events (subscriber, eid);
  CREATE INDEX IF NOT EXISTS events_by_time ON events (subscriber, time);
  CREATE TABLE IF NOT EXISTS event_cursors (
    query TEXT NOT NULL, subscriber TEXT NOT NULL, eid INTEGER NOT NULL, read_time INTEGER NOT NULL,
    PRIMARY KEY (query, subscriber));
`;

/** How often buffered rows are written (one transaction per flush rather than one per inotify batch). */
const FLUSH_MS = 200;

export interface EventStoreFlags {
  getNumber(name: string): number;
  getBool(name: string): boolean;
}

export interface EventStoreOptions {
  /** The daemon's database handle; omitted, the store is in memory (the shell). */
  readonly db?: Database.Database;
  readonly flags: EventStoreFlags;
  readonly log?: Logger;
  readonly now?: () => number;
  /**
   * The scheduled queries that read a subscriber (daemon only). With it, events expire relative to the oldest of
   * those queries' last reads, once each has read; without it (the shell), relative to now.
   */
  readonly readers?: (subscriber: string) => readonly string[];
}

interface PendingCursor {
  readonly subscriber: string;
  /** The cursor persisted before this query ran (a second read in the same statement starts there too). */
  readonly from: number;
  readonly eid: number;
}

export class EventStore implements EventSink {
  readonly #db: Database.Database;
  readonly #ownsDb: boolean;
  readonly #opts: EventStoreOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  #buffer: Array<{ subscriber: string; time: number; row: string }> = [];
  #flushTimer: NodeJS.Timeout | undefined;
  /** Rows stored per subscriber, kept in step with the table so events_max needs no count(*). */
  readonly #stored = new Map<string, number>();
  /** Rows added per subscriber since start, for osquery_events. */
  readonly #added = new Map<string, number>();
  #query: string | undefined;
  #pending = new Map<string, PendingCursor>();

  constructor(opts: EventStoreOptions) {
    this.#opts = opts;
    this.#ownsDb = opts.db === undefined;
    this.#db = opts.db ?? new Database(':memory:');
    this.#log = (opts.log ?? silentLogger()).child({ component: 'event-store' });
    this.#now = opts.now ?? (() => Math.floor(Date.now() / 1000));
    this.#db.exec(SCHEMA);
    const counts = this.#db.prepare('SELECT subscriber, count(*) AS n FROM events GROUP BY subscriber').all() as Array<{
      subscriber: string;
      n: number;
    }>;
    for (const { subscriber, n } of counts) this.#stored.set(subscriber, n);
  }

  /** Buffers rows; `time` is stamped now unless the publisher set it. Written within FLUSH_MS or at the next read. */
  add(subscriber: string, rows: readonly Row[]): void {
    if (rows.length === 0 || !this.#db.open) return;
    const now = this.#now();
    for (const row of rows) {
      const time = typeof row.time === 'number' ? row.time : now;
      const values: Row = { ...row };
      delete values.time; // stored in its own column
      delete values.eid; // the store's counter decides
      this.#buffer.push({ subscriber, time, row: JSON.stringify(values, bigintAsString) });
    }
    this.#added.set(subscriber, (this.#added.get(subscriber) ?? 0) + rows.length);
    this.#flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
    this.#flushTimer.unref();
  }

  /** Writes buffered rows in one transaction and trims each subscriber to events_max. */
  flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#buffer.length === 0 || !this.#db.open) return;
    const rows = this.#buffer;
    this.#buffer = [];
    const insert = this.#db.prepare('INSERT INTO events (subscriber, time, row) VALUES (?, ?, ?)');
    try {
      // Unsynced (no fsync every FLUSH_MS): buffered events are already lost on a crash before their flush; the
      // next results commit, which is synced, makes these durable before any query cursor can point past them.
      withoutFsync(this.#db, () =>
        this.#db.transaction(() => {
          for (const r of rows) insert.run(r.subscriber, r.time, r.row);
          for (const r of rows) this.#stored.set(r.subscriber, (this.#stored.get(r.subscriber) ?? 0) + 1);
          for (const subscriber of new Set(rows.map((r) => r.subscriber))) this.#trim(subscriber);
        })(),
      );
    } catch (err) {
      this.#log.error({ err, rows: rows.length }, 'Events could not be stored; they are lost.');
    }
  }

  /** A scheduled query starts: selects without a `time` constraint return only what it has not read yet. */
  beginQuery(name: string): void {
    this.#query = name;
    this.#pending = new Map();
  }

  /** The query's results are being committed: persist its cursors and expire what every reader has seen. */
  finishQuery(): void {
    const query = this.#query;
    this.#query = undefined;
    // Most scheduled queries read no event table: they must not pay for a statement prepare on every run.
    if (query === undefined || this.#pending.size === 0) return;
    const now = this.#now();
    const upsert = this.#db.prepare(
      `INSERT INTO event_cursors (query, subscriber, eid, read_time) VALUES (?, ?, ?, ?)
       ON CONFLICT(query, subscriber) DO UPDATE SET eid = MAX(eid, excluded.eid), read_time = excluded.read_time`,
    );
    for (const cursor of this.#pending.values()) upsert.run(query, cursor.subscriber, cursor.eid, now);
    for (const subscriber of this.#pending.keys()) this.#expireForReaders(subscriber);
    this.#pending = new Map();
  }

  /** The query failed: nothing it read counts as read. */
  abortQuery(): void {
    this.#query = undefined;
    this.#pending = new Map();
  }

  /** The rows of one event table, bounded by `time` constraints or, in a scheduled query, by its cursor. */
  select(subscriber: string, ctx: QueryContext): Iterable<Row> {
    this.flush();
    if (!this.#db.open) return [];
    if (this.#query === undefined && this.#opts.readers === undefined) {
      this.#expireBefore(subscriber, this.#now() - this.#opts.flags.getNumber('events_expiry'));
    }
    const bounds = timeBounds(ctx.constraints);
    const optimize =
      this.#query !== undefined && bounds.constrained === false && this.#opts.flags.getBool('events_optimize');
    const from = this.#query === undefined ? 0 : this.#cursor(this.#query, subscriber);
    const rows = this.#read(subscriber, optimize ? from : 0, bounds);
    if (this.#query !== undefined) {
      const last = optimize && rows.length > 0 ? (rows[rows.length - 1]?.eid ?? from) : from;
      const previous = this.#pending.get(subscriber)?.eid ?? from;
      this.#pending.set(subscriber, { subscriber, from, eid: Math.max(previous, last) });
    }
    return rows.map(({ eid, time, row }) => ({
      ...(JSON.parse(row) as Row),
      time,
      eid: String(eid).padStart(10, '0'),
    }));
  }

  /** Events stored now and added since start, per subscriber (osquery_events). */
  counts(subscriber: string): { stored: number; added: number } {
    return { stored: this.#stored.get(subscriber) ?? 0, added: this.#added.get(subscriber) ?? 0 };
  }

  /** Writes what is buffered; closes the database only when the store opened it (in memory). */
  close(): void {
    this.flush();
    if (this.#ownsDb && this.#db.open) this.#db.close();
  }

  #read(subscriber: string, afterEid: number, bounds: TimeBounds): Array<{ eid: number; time: number; row: string }> {
    return this.#db
      .prepare(
        `SELECT eid, time, row FROM events WHERE subscriber = ? AND eid > ? AND time >= ? AND time <= ? ORDER BY eid`,
      )
      .all(subscriber, afterEid, bounds.low, bounds.high) as Array<{ eid: number; time: number; row: string }>;
  }

  #cursor(query: string, subscriber: string): number {
    const pending = this.#pending.get(subscriber);
    if (pending !== undefined) return pending.from;
    const row = this.#db
      .prepare('SELECT eid FROM event_cursors WHERE query = ? AND subscriber = ?')
      .get(query, subscriber) as { eid: number } | undefined;
    return row?.eid ?? 0;
  }

  /** osquery: once every scheduled reader has read, drop events older than the oldest read minus events_expiry. */
  #expireForReaders(subscriber: string): void {
    const readers = this.#opts.readers?.(subscriber) ?? [];
    const reads = this.#db
      .prepare('SELECT query, read_time FROM event_cursors WHERE subscriber = ?')
      .all(subscriber) as Array<{ query: string; read_time: number }>;
    const cutoff = expiryCutoff(readers, reads, this.#opts.flags.getNumber('events_expiry'));
    if (cutoff !== undefined) this.#expireBefore(subscriber, cutoff);
  }

  #expireBefore(subscriber: string, cutoff: number): void {
    if (this.#opts.flags.getNumber('events_expiry') <= 0) return;
    const removed = this.#db
      .prepare('DELETE FROM events WHERE subscriber = ? AND time < ?')
      .run(subscriber, cutoff).changes;
    if (removed > 0) this.#stored.set(subscriber, Math.max(0, (this.#stored.get(subscriber) ?? 0) - removed));
  }

  /** events_max: keep the newest rows of a subscriber. */
  #trim(subscriber: string): void {
    const max = this.#opts.flags.getNumber('events_max');
    const excess = (this.#stored.get(subscriber) ?? 0) - max;
    if (max <= 0 || excess <= 0) return;
    const removed = this.#db
      .prepare('DELETE FROM events WHERE eid IN (SELECT eid FROM events WHERE subscriber = ? ORDER BY eid LIMIT ?)')
      .run(subscriber, excess).changes;
    this.#stored.set(subscriber, (this.#stored.get(subscriber) ?? 0) - removed);
  }
}

function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
