/**
 * osquery's result semantics for one execution (docs/osquery-compatibility.md §2.5, `Query::addNewResults`): the first run of a query
 * (never seen, or stored under another schedule_epoch) logs every row as added with counter 0; later runs log the
 * multiset diff with counter+1, or nothing when nothing changed; `removed: false` drops removed rows from the log only
 * (state and counter still advance, so counters have gaps); event-based queries skip the diff, log every row as added
 * and count from 1, only when rows exist; snapshots keep no state and always have counter 0.
 */
import type { LoggedRow } from '../loggers/types.js';
import {
  canonicalRows,
  diffByHash,
  encodeResultSet,
  hashRows,
  rowHash,
  type LinesByHash,
  type RowHashes,
} from './diff.js';
import type { StoredResult } from './store.js';

export interface ExecutionKind {
  readonly snapshot: boolean;
  /** The query read an event-based table and --events_optimize is on. */
  readonly eventBased: boolean;
  /** The query's `removed` option (default true). */
  readonly logRemoved: boolean;
}

/** A query's previous state as the executor holds it in memory (previous-state.ts). */
export interface PreviousResult {
  readonly epoch: number;
  readonly counter: number;
  /** The previous rows' hash multiset (empty for event-based queries, which keep no rows). */
  readonly hashes: RowHashes;
  /** The previous rows' canonical lines by hash (read from disk): needed only to log removed rows. */
  readonly lines: LinesByHash;
}

/** New state: what the store persists, and the row hashes the executor keeps in memory (absent for event-based). */
export interface NextResult extends StoredResult {
  /** Each row's hash, in the order of the stored lines. */
  readonly order?: readonly string[];
  readonly hashes?: RowHashes;
}

export type Outcome =
  | { readonly kind: 'snapshot'; readonly rows: readonly LoggedRow[] }
  | { readonly kind: 'diff'; readonly counter: number; readonly added: LoggedRow[]; readonly removed: LoggedRow[] }
  | { readonly kind: 'none' };

export interface Evaluation {
  readonly outcome: Outcome;
  /** New state to commit with the outcome's record; undefined when the stored state stays as it is. */
  readonly next: NextResult | undefined;
}

export function evaluate(
  previous: PreviousResult | undefined,
  rows: readonly LoggedRow[],
  epoch: number,
  kind: ExecutionKind,
): Evaluation {
  if (kind.snapshot) return { outcome: { kind: 'snapshot', rows }, next: undefined };
  const sameEpoch = previous !== undefined && previous.epoch === epoch;
  if (kind.eventBased) return evaluateEvents(sameEpoch ? previous.counter : 0, rows, epoch, sameEpoch);
  const current = canonicalRows(rows);
  const hashes = current.map(rowHash);
  const counts = hashRows(hashes);
  const hashed = { rows, hashes, counts };
  const state = (counter: number): NextResult => ({
    epoch,
    counter,
    rows: encodeResultSet(current),
    order: hashes,
    hashes: counts,
  });
  if (!sameEpoch) return { outcome: { kind: 'diff', counter: 0, added: [...rows], removed: [] }, next: state(0) };
  const diff = diffByHash(previous.hashes, hashed, previous.lines);
  if (diff.added.length === 0 && diff.removed.length === 0) return { outcome: { kind: 'none' }, next: undefined };
  const counter = previous.counter + 1;
  const removed = kind.logRemoved ? diff.removed : [];
  if (diff.added.length === 0 && removed.length === 0) return { outcome: { kind: 'none' }, next: state(counter) };
  return { outcome: { kind: 'diff', counter, added: diff.added, removed }, next: state(counter) };
}

function evaluateEvents(base: number, rows: readonly LoggedRow[], epoch: number, sameEpoch: boolean): Evaluation {
  if (rows.length === 0) {
    return { outcome: { kind: 'none' }, next: sameEpoch ? undefined : { epoch, counter: 0 } };
  }
  const counter = base + 1;
  return { outcome: { kind: 'diff', counter, added: [...rows], removed: [] }, next: { epoch, counter } };
}
