/**
 * File hashes seen in the hosts' results (binary_hashes, file_events), keyed by (host, path, mtime, size, inode) so
 * that a changed binary is a new entry. Bounded LRU in memory, persisted to a private SQLite file so that a restart
 * does not start cold: writes and recency updates are queued and committed by `flush()`, which the stage calls before
 * a batch's offsets can be committed.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../common/logger.js';
import { mkdirPrivate, writePrivate } from '../../common/paths.js';
import type { HashInput } from '../../schemas/generated/shared.js';

export interface HashEntry {
  /** ms; 0 when unknown. */
  mtime: number;
  size: number | null;
  inode: string | null;
  hash: HashInput;
}

/** How a row identifies one version of a file; null where the row does not say. */
export interface FileVersion {
  mtime: number | null;
  size: number | null;
  inode: string | null;
}

interface PathVersions {
  list: HashEntry[];
  /** The lookup count when it was last moved to the recent end. */
  touchedAt: number;
}

/** Versions of one file kept at most: enough for a binary replaced a few times within the cache's life. */
const VERSIONS_PER_PATH = 4;

type Queued =
  | { kind: 'put'; host: string; path: string; entry: HashEntry; used: number }
  | { kind: 'drop'; host: string; path: string };

export class HashCache {
  readonly #byPath = new Map<string, PathVersions>();
  readonly #db: Database.Database;
  readonly #statements: Record<'insert' | 'drop' | 'touch', Database.Statement>;
  readonly #maxEntries: number;
  #entries = 0;
  #sequence = 0;
  #queue: Queued[] = [];
  readonly #touched = new Set<string>();
  /** Lookups so far, and how many may pass before a hit entry is moved to the recent end again (see #touch). */
  #lookups = 0;
  readonly #refreshEvery: number;

  constructor(dataDir: string, maxEntries: number, log: Logger) {
    this.#maxEntries = maxEntries;
    this.#refreshEvery = Math.max(1, Math.floor(maxEntries / 8));
    this.#db = openDatabase(join(dataDir, 'hash-cache.sqlite'), log);
    this.#statements = {
      insert: this.#db.prepare(
        'INSERT OR REPLACE INTO hashes (host, path, mtime, size, inode, md5, sha1, sha256, used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      drop: this.#db.prepare('DELETE FROM hashes WHERE host = ? AND path = ?'),
      touch: this.#db.prepare('UPDATE hashes SET used = ? WHERE host = ? AND path = ?'),
    };
    this.#load();
  }

  get size(): number {
    return this.#entries;
  }

  /** The exact version (same mtime, and same size or inode), as a `file` row describes it. */
  exact(host: string, path: string, version: FileVersion): HashInput | undefined {
    const { mtime, size, inode } = version;
    const versions = this.#get(host, path);
    const found = versions?.list.find(
      (e) =>
        (mtime === null || e.mtime === mtime) &&
        ((size !== null && e.size === size) || (inode !== null && e.inode === inode)),
    );
    return found?.hash;
  }

  /** The version a process started at `time` ran: the newest one last modified at or before that time. */
  at(host: string, path: string, time: number): HashInput | undefined {
    const versions = this.#get(host, path);
    let best: HashEntry | undefined;
    for (const e of versions?.list ?? []) if (e.mtime <= time && (!best || e.mtime > best.mtime)) best = e;
    return best?.hash;
  }

  put(host: string, path: string, entry: HashEntry): void {
    const key = pathKey(host, path);
    const known = this.#byPath.get(key);
    const versions = known?.list ?? [];
    const same = versions.findIndex((e) => e.mtime === entry.mtime && e.size === entry.size && e.inode === entry.inode);
    // The same file reported again (every file_events row of it, every binary_hashes run): nothing to write.
    if (known && same >= 0 && sameHash(versions[same]?.hash, entry.hash)) {
      this.#touch(key, known);
      return;
    }
    if (same >= 0) versions.splice(same, 1);
    else this.#entries++;
    versions.push(entry);
    if (versions.length > VERSIONS_PER_PATH) {
      versions.splice(0, versions.length - VERSIONS_PER_PATH);
      this.#entries -= 1;
    }
    this.#byPath.delete(key);
    this.#byPath.set(key, { list: versions, touchedAt: ++this.#lookups });
    this.#queue.push({ kind: 'drop', host, path });
    for (const e of versions) this.#queue.push({ kind: 'put', host, path, entry: e, used: ++this.#sequence });
    this.#evict();
  }

  /** Commits queued writes and recency in one transaction. */
  flush(): void {
    if (this.#queue.length === 0 && this.#touched.size === 0) return;
    const queue = this.#queue;
    this.#queue = [];
    const touched = [...this.#touched];
    this.#touched.clear();
    const { insert, drop, touch } = this.#statements;
    this.#db.transaction(() => {
      for (const op of queue) {
        if (op.kind === 'drop') drop.run(op.host, op.path);
        else {
          const { entry } = op;
          insert.run(
            op.host,
            op.path,
            entry.mtime,
            entry.size,
            entry.inode,
            entry.hash.md5 ?? null,
            entry.hash.sha1 ?? null,
            entry.hash.sha256 ?? null,
            op.used,
          );
        }
      }
      for (const key of touched) {
        const [host, path] = splitKey(key);
        touch.run(++this.#sequence, host, path);
      }
    })();
  }

  close(): void {
    this.flush();
    this.#db.close();
  }

  #get(host: string, path: string): PathVersions | undefined {
    const key = pathKey(host, path);
    const versions = this.#byPath.get(key);
    if (versions) this.#touch(key, versions);
    return versions;
  }

  /**
   * Moves a hit entry to the recent end of the LRU order, but at most once per `#refreshEvery` lookups: a hot entry
   * is then never more than an eighth of the cache away from the recent end, and most hits cost no Map reordering
   * or SQLite update.
   */
  #touch(key: string, versions: PathVersions): void {
    this.#lookups++;
    if (this.#lookups - versions.touchedAt < this.#refreshEvery) return;
    versions.touchedAt = this.#lookups;
    this.#byPath.delete(key);
    this.#byPath.set(key, versions);
    this.#touched.add(key);
  }

  #evict(): void {
    while (this.#entries > this.#maxEntries) {
      const oldest = this.#byPath.entries().next();
      if (oldest.done) return;
      const [key, versions] = oldest.value;
      this.#byPath.delete(key);
      this.#touched.delete(key);
      this.#entries -= versions.list.length;
      const [host, path] = splitKey(key);
      this.#queue.push({ kind: 'drop', host, path });
    }
  }

  #load(): void {
    const rows = this.#db
      .prepare('SELECT host, path, mtime, size, inode, md5, sha1, sha256, used FROM hashes ORDER BY used DESC LIMIT ?')
      .all(this.#maxEntries) as StoredRow[];
    for (const row of rows.reverse()) {
      const key = pathKey(row.host, row.path);
      const versions = this.#byPath.get(key) ?? { list: [], touchedAt: 0 };
      versions.list.push({
        mtime: row.mtime,
        size: row.size,
        inode: row.inode,
        hash: { md5: row.md5, sha1: row.sha1, sha256: row.sha256 },
      });
      this.#byPath.delete(key);
      this.#byPath.set(key, versions);
      this.#entries++;
      this.#sequence = Math.max(this.#sequence, row.used);
    }
    // Rows past the bound (a smaller cache size than last run) are not loaded and not kept.
    this.#db
      .prepare('DELETE FROM hashes WHERE used < ?')
      .run(rows.length === this.#maxEntries ? (rows[0]?.used ?? 0) : 0);
  }
}

interface StoredRow {
  host: string;
  path: string;
  mtime: number;
  size: number | null;
  inode: string | null;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  used: number;
}

function sameHash(a: HashInput | undefined, b: HashInput): boolean {
  return (
    a !== undefined &&
    (a.md5 ?? null) === (b.md5 ?? null) &&
    (a.sha1 ?? null) === (b.sha1 ?? null) &&
    (a.sha256 ?? null) === (b.sha256 ?? null)
  );
}

function pathKey(host: string, path: string): string {
  return `${host}\u0000${path}`;
}

function splitKey(key: string): [string, string] {
  const nul = key.indexOf('\u0000');
  return [key.slice(0, nul), key.slice(nul + 1)];
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS hashes (
  host TEXT NOT NULL, path TEXT NOT NULL, mtime INTEGER NOT NULL, size INTEGER, inode TEXT,
  md5 TEXT, sha1 TEXT, sha256 TEXT, used INTEGER NOT NULL,
  UNIQUE (host, path, mtime, size, inode));
CREATE INDEX IF NOT EXISTS hashes_path ON hashes (host, path);
CREATE INDEX IF NOT EXISTS hashes_used ON hashes (used);`;

/** Opens (creating it private) the cache file; an unreadable one is moved aside, since the cache is only a cache. */
function openDatabase(file: string, log: Logger): Database.Database {
  mkdirPrivate(join(file, '..'));
  if (!existsSync(file)) writePrivate(file, new Uint8Array());
  try {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
    return db;
  } catch (err) {
    const aside = `${file}.corrupt-${Date.now()}`;
    log.warn({ err, file, aside }, 'Hash cache file is unreadable; starting with an empty cache.');
    renameSync(file, aside);
    writePrivate(file, new Uint8Array());
    const db = new Database(file);
    db.exec(SCHEMA);
    return db;
  }
}
