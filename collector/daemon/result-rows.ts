/**
 * The on-disk form of each query's previous result: a multiset of rows, one SQLite row per distinct row hash with its
 * count and canonical line. A changed result writes only its delta (hashes added, recounted or gone), so a large
 * result with a few changed rows costs a few row writes instead of rewriting the whole set, and removed rows are read
 * back by hash. Rows keep their first-insertion order (rowid), which is the order removed rows are logged in.
 */
import type Database from 'better-sqlite3';

/** Changes to a query's stored multiset, written with the query's new state (store.ts commit). */
export interface RowsChange {
  /** Drop every stored row first (a first run or a new schedule_epoch). */
  readonly replace: boolean;
  /** New count of each hash that changed; 0 deletes it. */
  readonly counts: ReadonlyMap<string, number>;
  /** The canonical line of each hash with a count above 0. */
  readonly lines: ReadonlyMap<string, string>;
}

export const RESULT_ROWS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS result_rows (
    name TEXT NOT NULL, hash TEXT NOT NULL, count INTEGER NOT NULL, line TEXT NOT NULL, UNIQUE (name, hash));
`;

export class ResultRows {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #stmt(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Hash -> count of the query's stored rows, in stored order. */
  counts(name: string): Map<string, number> {
    const rows = this.#stmt('SELECT hash, count FROM result_rows WHERE name = ? ORDER BY rowid')
      .raw()
      .all(name) as Array<[string, number]>;
    return new Map(rows);
  }

  /** The stored lines of `hashes` (those stored). */
  lines(name: string, hashes: Iterable<string>): Map<string, string> {
    const select = this.#stmt('SELECT line FROM result_rows WHERE name = ? AND hash = ?').pluck();
    const out = new Map<string, string>();
    for (const hash of hashes) {
      const line = select.get(name, hash) as string | undefined;
      if (line !== undefined) out.set(hash, line);
    }
    return out;
  }

  /** Writes `change`; the caller holds the transaction. */
  apply(name: string, change: RowsChange): void {
    if (change.replace) this.#stmt('DELETE FROM result_rows WHERE name = ?').run(name);
    const remove = this.#stmt('DELETE FROM result_rows WHERE name = ? AND hash = ?');
    const upsert = this.#stmt(
      `INSERT INTO result_rows (name, hash, count, line) VALUES (?, ?, ?, ?)
         ON CONFLICT (name, hash) DO UPDATE SET count = excluded.count`,
    );
    for (const [hash, count] of change.counts) {
      if (count === 0) remove.run(name, hash);
      else upsert.run(name, hash, count, change.lines.get(hash) ?? '');
    }
  }
}
