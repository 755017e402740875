/**
 * Commits without an fsync on a WAL database that otherwise runs `synchronous = FULL`. In WAL mode a NORMAL commit
 * is still atomic and survives a process kill (its frames are in the page cache); only a power loss can drop it,
 * and then only together with every frame after it, since the WAL is replayed in order. The next FULL commit syncs
 * the WAL up to and including these frames. The daemon uses it for writes whose loss at power-off is harmless:
 * the executing_query marker (osquery's own RocksDB writes it unsynced), delivery cursors (records are delivered
 * again: at least once, as after any crash) and buffered events (already lost on a crash before their flush).
 */
import type Database from 'better-sqlite3';

/** Runs `work` with synchronous = NORMAL; inside an open transaction (whose commit decides) it just runs it. */
export function withoutFsync<T>(db: Database.Database, work: () => T): T {
  if (db.inTransaction || !db.open) return work();
  db.pragma('synchronous = NORMAL');
  try {
    return work();
  } finally {
    if (db.open) db.pragma('synchronous = FULL');
  }
}
