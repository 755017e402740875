/**
 * The embedded store: where the index stage writes when no Elasticsearch is configured. A private SQLite file holds
 * each document once (keyed by its deterministic id, so re-delivery is harmless) with a contentless FTS5 index over
 * its values for free-text search; retention trims by age and by size, oldest first.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { OspreyError } from '../../common/errors.js';
import { mkdirPrivate } from '../../common/paths.js';
import { searchableText, type IndexDocument, type StreamKind } from '../documents/documents.js';

export interface StoreOptions {
  dir: string;
  /** Delete documents older than this (ms); 0 keeps them forever. */
  maxAgeMs?: number;
  /** Keep the database under about this many bytes; 0 = no limit. */
  maxBytes?: number;
}

export interface StoredDocument {
  id: string;
  stream: StreamKind;
  timestamp: number;
  body: Record<string, unknown>;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS docs (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    ts INTEGER NOT NULL,
    host TEXT,
    doc TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS docs_stream_ts ON docs (stream, ts);
  CREATE INDEX IF NOT EXISTS docs_ts ON docs (ts);
  CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(body, content='', contentless_delete=1);
`;

const FTS_AUTOMERGE = 8;

export class DocumentStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #options: Required<Omit<StoreOptions, 'dir'>>;
  readonly #insertDoc: Database.Statement;
  readonly #insertText: Database.Statement;
  readonly #insertMany: (docs: readonly IndexDocument[]) => number;

  constructor(options: StoreOptions) {
    mkdirPrivate(options.dir);
    this.path = join(options.dir, 'store.db');
    this.#options = { maxAgeMs: options.maxAgeMs ?? 0, maxBytes: options.maxBytes ?? 0 };
    try {
      this.#db = new Database(this.path);
    } catch (err) {
      throw new OspreyError('IO_ERROR', `Cannot open the embedded store at ${this.path}.`, {
        cause: err,
        retriable: false,
      });
    }
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.exec(SCHEMA);
    setAutomerge(this.#db);
    this.#insertDoc = this.#db.prepare('INSERT OR IGNORE INTO docs (id, stream, ts, host, doc) VALUES (?, ?, ?, ?, ?)');
    this.#insertText = this.#db.prepare('INSERT INTO docs_fts (rowid, body) VALUES (?, ?)');
    this.#insertMany = this.#db.transaction((docs: readonly IndexDocument[]) => {
      let added = 0;
      for (const doc of docs) added += this.#insertOne(doc);
      return added;
    });
  }

  /** Writes the documents durably; returns how many were new (the rest were already there). */
  write(docs: readonly IndexDocument[]): number {
    return this.#insertMany(docs);
  }

  get db(): Database.Database {
    return this.#db;
  }

  count(stream?: StreamKind): number {
    const row = stream
      ? this.#db.prepare('SELECT count(*) AS n FROM docs WHERE stream = ?').get(stream)
      : this.#db.prepare('SELECT count(*) AS n FROM docs').get();
    return (row as { n: number }).n;
  }

  sizeBytes(): number {
    const pages = this.#db.pragma('page_count', { simple: true }) as number;
    const free = this.#db.pragma('freelist_count', { simple: true }) as number;
    const pageSize = this.#db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  /** Applies retention: age first, then size, deleting oldest first. Returns documents removed. */
  enforceRetention(now = Date.now()): number {
    let removed = 0;
    if (this.#options.maxAgeMs > 0) removed += this.#deleteWhere('ts < ?', now - this.#options.maxAgeMs);
    while (this.#options.maxBytes > 0 && this.sizeBytes() > this.#options.maxBytes && this.count() > 0) {
      const batch = Math.max(100, Math.ceil(this.count() / 10));
      const cutoff = this.#db.prepare('SELECT seq FROM docs ORDER BY ts, seq LIMIT 1 OFFSET ?').get(batch - 1) as
        { seq: number } | undefined;
      removed += cutoff ? this.#deleteWhere('seq IN (SELECT seq FROM docs ORDER BY ts, seq LIMIT ?)', batch) : 0;
      if (!cutoff) removed += this.#deleteWhere('1 = 1', 0);
    }
    return removed;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #insertOne(doc: IndexDocument): number {
    // Positional parameters: binding from an object costs a property lookup per column per row.
    const result = this.#insertDoc.run(doc.id, doc.stream, doc.timestamp, hostOf(doc.body), JSON.stringify(doc.body));
    if (result.changes === 0) return 0;
    this.#insertText.run(result.lastInsertRowid, searchableText(doc.body).join(' '));
    return 1;
  }

  #deleteWhere(where: string, param: number): number {
    const run = this.#db.transaction(() => {
      const seqs = this.#db.prepare(`SELECT seq FROM docs WHERE ${where}`).pluck().all(param) as number[];
      const delText = this.#db.prepare('DELETE FROM docs_fts WHERE rowid = ?');
      const delDoc = this.#db.prepare('DELETE FROM docs WHERE seq = ?');
      for (const seq of seqs) {
        delText.run(seq);
        delDoc.run(seq);
      }
      return seqs.length;
    });
    return run();
  }
}

/**
 * The store is written far more than searched: merging FTS segments less eagerly (default 4) saves write work for a
 * few more segments per query. The setting persists in the index, so it is written only once (a reader such as
 * `osprey search` opening the store must not need the write lock).
 */
function setAutomerge(db: Database.Database): void {
  const current = db.prepare("SELECT v FROM docs_fts_config WHERE k = 'automerge'").pluck().get();
  if (current !== FTS_AUTOMERGE)
    db.exec(`INSERT INTO docs_fts (docs_fts, rank) VALUES ('automerge', ${FTS_AUTOMERGE})`);
}

function hostOf(body: Record<string, unknown>): string | null {
  const host = body.host as { hostname?: unknown; name?: unknown } | undefined;
  const name = host?.hostname ?? host?.name;
  return typeof name === 'string' ? name : null;
}
