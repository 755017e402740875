/**
 * The daemon's on-disk state (osquery keeps it in RocksDB under --database_path; Osprey uses one SQLite file in that
 * directory): the previous result set per query, key/values (splayed intervals, executing_query, the denylist, host
 * UUIDs), and the log queue with one delivery cursor per logger plugin. A query's new differential state and the
 * records it produced are committed in one transaction, so after `kill -9` either both exist or neither does.
 *
 * The database is held with SQLite's exclusive locking mode: the kernel lock lasts as long as the process and is
 * released when it dies, so a second daemon on the same database_path fails fast and a restart after a crash never
 * finds a stale lock.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { chmodSync } from 'node:fs';
import { OspreyError, messageOf } from '../../common/errors.js';
import { mkdirPrivate } from '../../common/paths.js';
import { withoutFsync } from '../../common/sqlite-sync.js';
import type { LogPayload, LogRecord } from '../loggers/types.js';

export interface StoredResult {
  readonly epoch: number;
  readonly counter: number;
  /** Canonical rows, one a line; undefined for event-based queries, which keep no rows. */
  readonly rows?: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS results (name TEXT PRIMARY KEY, epoch INTEGER NOT NULL, counter INTEGER NOT NULL, rows TEXT);
  CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS cursors (plugin TEXT PRIMARY KEY, seq INTEGER NOT NULL);
`;

export class DaemonStore {
  readonly path: string;
  readonly #db: Database.Database;
  /** Prepared once: the daemon runs the same few statements for every query on every tick. */
  readonly #statements = new Map<string, Database.Statement>();
  #appended = 0;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.#db = db;
  }

  /** Opens (creating) `<databasePath>/osprey.sqlite`; throws LOCKED when another daemon holds it. */
  static open(databasePath: string): DaemonStore {
    mkdirPrivate(databasePath);
    const file = join(databasePath, 'osprey.sqlite');
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: 0 });
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // A 256 KB page cache (SQLite's default is 2 MB): the daemon reads little back (previous results once per
      // start, the queue once per delivery) and the OS page cache holds the file anyway; side by side this took
      // ~1.7 MB off the worker's peak anonymous memory at no measurable CPU cost (issue #19).
      db.pragma('cache_size = -256');
      db.exec(SCHEMA);
      db.exec('BEGIN IMMEDIATE; COMMIT;');
    } catch (err) {
      const busy =
        /SQLITE_BUSY|database is locked/i.test(messageOf(err)) || (err as { code?: string }).code === 'SQLITE_BUSY';
      if (busy) {
        throw new OspreyError('LOCKED', `Another osprey daemon is using --database_path ${databasePath}`, {
          retriable: false,
          cause: err,
        });
      }
      throw new OspreyError('IO_ERROR', `Cannot open the daemon database ${file}: ${messageOf(err)}`, { cause: err });
    }
    chmodSync(file, 0o600);
    return new DaemonStore(file, db);
  }

  #stmt(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work`'s writes without an fsync at commit (common/sqlite-sync.ts says which writes may). */
  unsynced<T>(work: () => T): T {
    return withoutFsync(this.#db, work);
  }

  get(key: string): string | undefined {
    const row = this.#stmt('SELECT value FROM kv WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  set(key: string, value: string): void {
    this.#stmt('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    );
  }

  delete(key: string): void {
    this.#stmt('DELETE FROM kv WHERE key = ?').run(key);
  }

  previous(name: string): StoredResult | undefined {
    const row = this.#stmt('SELECT epoch, counter, rows FROM results WHERE name = ?').get(name) as
      { epoch: number; counter: number; rows: string | null } | undefined;
    return row ? { epoch: row.epoch, counter: row.counter, rows: row.rows ?? undefined } : undefined;
  }

  /**
   * One transaction: the query's new state (if it changed), its log records, and the removal of a marker key
   * (executing_query); returns the records' seqs.
   */
  commit(name: string, next: StoredResult | undefined, payloads: readonly LogPayload[], clearKey?: string): number[] {
    return this.#db.transaction(() => {
      if (clearKey !== undefined) this.delete(clearKey);
      if (next) {
        this.#stmt(
          `INSERT INTO results (name, epoch, counter, rows) VALUES (?, ?, ?, ?)
             ON CONFLICT(name) DO UPDATE SET epoch = excluded.epoch, counter = excluded.counter,
               rows = COALESCE(excluded.rows, results.rows)`,
        ).run(name, next.epoch, next.counter, next.rows ?? null);
      }
      return this.#insert(payloads);
    })();
  }

  /** Appends records that carry no query state (status logs). */
  append(payloads: readonly LogPayload[]): number[] {
    return this.#db.transaction(() => this.#insert(payloads))();
  }

  #insert(payloads: readonly LogPayload[]): number[] {
    const insert = this.#stmt('INSERT INTO queue (payload) VALUES (?)');
    const seqs = payloads.map((payload) => Number(insert.run(JSON.stringify(payload)).lastInsertRowid));
    // Seqs ascend, so the last is the highest (a spread of a large batch into Math.max would overflow the stack).
    this.#appended = seqs.at(-1) ?? this.#appended;
    return seqs;
  }

  /** The highest seq appended by this process (0 before any): delivery skips a pass when nothing came since. */
  get appendedSeq(): number {
    return this.#appended;
  }

  cursor(plugin: string): number {
    const row = this.#stmt('SELECT seq FROM cursors WHERE plugin = ?').get(plugin) as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  advance(plugin: string, seq: number): void {
    this.#stmt(
      'INSERT INTO cursors (plugin, seq) VALUES (?, ?) ON CONFLICT(plugin) DO UPDATE SET seq = MAX(seq, excluded.seq)',
    ).run(plugin, seq);
  }

  /** Records after `afterSeq`, oldest first. */
  pending(afterSeq: number, limit: number): LogRecord[] {
    const rows = this.#stmt('SELECT seq, payload FROM queue WHERE seq > ? ORDER BY seq LIMIT ?').all(
      afterSeq,
      limit,
    ) as Array<{
      seq: number;
      payload: string;
    }>;
    return rows.map((row) => ({ seq: row.seq, payload: JSON.parse(row.payload) as LogPayload }));
  }

  /** Deletes records every listed plugin has (all of them when logging is disabled); returns how many. */
  prune(plugins: readonly string[]): number {
    if (plugins.length === 0) return this.#stmt('DELETE FROM queue').run().changes;
    const low = Math.min(...plugins.map((plugin) => this.cursor(plugin)));
    return this.#stmt('DELETE FROM queue WHERE seq <= ?').run(low).changes;
  }

  /** Records waiting, their size and the UNIX time of the oldest, for metrics; undefined once closed. */
  queueStats(): { records: number; bytes: number; oldestUnixTime: number | undefined } | undefined {
    if (!this.#db.open) return undefined;
    const row = this.#stmt(
      `SELECT count(*) AS n, coalesce(sum(length(payload)), 0) AS bytes,
           (SELECT json_extract(payload, '$.unixTime') FROM queue ORDER BY seq LIMIT 1) AS oldest FROM queue`,
    ).get() as { n: number; bytes: number; oldest: number | null };
    return {
      records: row.n,
      bytes: row.bytes,
      oldestUnixTime: typeof row.oldest === 'number' ? row.oldest : undefined,
    };
  }

  /** Runs `work` in one transaction (commit() inside it nests as a savepoint): results and event cursors together. */
  transaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }

  /** The open handle, for the event store, which keeps its tables in this file under the same lock. */
  get database(): Database.Database {
    return this.#db;
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  queueDepth(): number {
    return (this.#stmt('SELECT count(*) AS n FROM queue').get() as { n: number }).n;
  }

  /** Drops the oldest records beyond `max` (a plugin down for days must not fill the disk); returns how many. */
  trimQueue(max: number): number {
    const excess = this.queueDepth() - max;
    if (excess <= 0) return 0;
    return this.#stmt('DELETE FROM queue WHERE seq IN (SELECT seq FROM queue ORDER BY seq LIMIT ?)').run(excess)
      .changes;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
