/**
 * The differential state of every scheduled query, held in memory: epoch, counter and the previous result's row-hash
 * multiset. The store (SQLite) keeps the same state on disk, its delta written in the transaction that logs a change,
 * so a restart neither loses nor repeats added/removed rows; this cache is filled from it on a query's first run after
 * start and updated only after a commit succeeded, so it never runs ahead of the disk. An unchanged result then costs
 * no database read or write at all; stored lines are read back only for removed rows.
 */
import { decodeResultSet, hashRows, rowHash, rowsChange } from './diff.js';
import type { NextResult, PreviousResult } from './results.js';
import type { DaemonStore } from './store.js';

interface HeldState {
  readonly epoch: number;
  readonly counter: number;
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
    return { ...held, lines: (hashes) => this.#store.resultRows.lines(name, hashes) };
  }

  /** Records state the store has just committed (call after the commit, never before). */
  committed(name: string, next: NextResult): void {
    // An event-based state carries no rows: the stored rows (and so their hashes) stay, as they do in the store.
    const hashes = next.hashes ?? this.#held.get(name)?.hashes ?? new Map<string, number>();
    this.#held.set(name, { epoch: next.epoch, counter: next.counter, hashes });
  }

  #load(name: string): HeldState | null {
    const stored = this.#store.previous(name);
    if (stored === undefined) return null;
    if (stored.legacyRows !== undefined) this.#adopt(name, stored.legacyRows);
    return { epoch: stored.epoch, counter: stored.counter, hashes: this.#store.resultRows.counts(name) };
  }

  /** Rows an older Osprey stored as one text become the multiset form, once. */
  #adopt(name: string, text: string): void {
    const lines = decodeResultSet(text);
    const hashes = lines.map(rowHash);
    const change = rowsChange(undefined, { rows: [], hashes, counts: hashRows(hashes) }, (i) => lines[i] as string);
    this.#store.adoptLegacyRows(name, change);
  }
}
