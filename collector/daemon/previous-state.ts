/**
 * The differential state of every scheduled query, held in memory: epoch, counter and the previous result's row
 * hashes (in stored order, and as a multiset). The store (SQLite) keeps the state on disk, written in the transaction
 * that logs a change, so a restart neither loses nor repeats added/removed rows; this cache is filled from it on a
 * query's first run after start and updated only after a commit succeeded, so it never runs ahead of the disk. An
 * unchanged result then costs no database read or write at all; the stored lines are read back only for removed rows.
 */
import { decodeResultSet, hashRows, linesByHash, rowHash } from './diff.js';
import type { NextResult, PreviousResult } from './results.js';
import type { DaemonStore } from './store.js';

interface HeldState {
  readonly epoch: number;
  readonly counter: number;
  /** Row hashes in the order of the stored lines. */
  readonly order: readonly string[];
  readonly hashes: ReadonlyMap<string, number>;
}

export class PreviousState {
  readonly #store: DaemonStore;
  readonly #held = new Map<string, HeldState | null>();

  constructor(store: DaemonStore) {
    this.#store = store;
  }

  /** The query's previous state (undefined when it never ran), loaded from the store on first use. */
  get(name: string): PreviousResult | undefined {
    let held = this.#held.get(name);
    if (held === undefined) {
      held = this.#load(name);
      this.#held.set(name, held);
    }
    if (held === null) return undefined;
    const { order } = held;
    const lines = (wanted: Iterable<string>): Map<string, string> =>
      linesByHash(decodeResultSet(this.#store.previous(name)?.rows ?? ''), order, wanted);
    return { epoch: held.epoch, counter: held.counter, hashes: held.hashes, lines };
  }

  /** Records state the store has just committed (call after the commit, never before). */
  committed(name: string, next: NextResult): void {
    const before = this.#held.get(name);
    // An event-based state carries no rows: the stored rows (and so their hashes) stay, as they do in the store.
    const order = next.order ?? before?.order ?? [];
    const hashes = next.hashes ?? before?.hashes ?? new Map<string, number>();
    this.#held.set(name, { epoch: next.epoch, counter: next.counter, order, hashes });
  }

  #load(name: string): HeldState | null {
    const stored = this.#store.previous(name);
    if (stored === undefined) return null;
    const order = decodeResultSet(stored.rows ?? '').map(rowHash);
    return { epoch: stored.epoch, counter: stored.counter, order, hashes: hashRows(order) };
  }
}
