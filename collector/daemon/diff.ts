/**
 * The differential engine's core: a multiset compare of whole rows. A row is identified by the SHA-1 of its canonical
 * JSON line (sorted keys, osquery's logged values); the previous result of each query is kept in memory as a multiset
 * of those hashes, so an unchanged result costs one hash per row. The store keeps the same multiset on disk with each
 * hash's line (result-rows.ts), written as a delta only when the result changed; lines are read back only to log
 * removed rows.
 */
import { hash } from 'node:crypto';
import { rowObject } from '../loggers/format.js';
import type { LoggedRow } from '../loggers/types.js';
import type { RowsChange } from './result-rows.js';

export interface RowDiff {
  readonly added: LoggedRow[];
  readonly removed: LoggedRow[];
}

/** Row hash -> how many rows of the result have it. */
export type RowHashes = ReadonlyMap<string, number>;

/** Canonical text of each row (the stored form). */
export function canonicalRows(rows: readonly LoggedRow[]): string[] {
  return rows.map(rowObject);
}

/** Each row's hash; the canonical lines are dropped as they are hashed (a large result's text never piles up). */
export function hashEach(rows: readonly LoggedRow[]): string[] {
  const hashes: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) hashes[i] = rowHash(rowObject(rows[i] as LoggedRow));
  return hashes;
}

/** The lines of a result set stored as one text (the store's form before result-rows.ts; JSON escapes newlines). */
export function decodeResultSet(stored: string): string[] {
  return stored === '' ? [] : stored.split('\n');
}

export function rowHash(line: string): string {
  return hash('sha1', line, 'base64');
}

/** A result set's rows with their hashes (same order) and the hashes' multiset. */
export interface HashedRows {
  readonly rows: readonly LoggedRow[];
  readonly hashes: readonly string[];
  readonly counts: RowHashes;
}

/** The multiset of a result set's row hashes. */
export function hashRows(hashes: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const h of hashes) counts.set(h, (counts.get(h) ?? 0) + 1);
  return counts;
}

function sameMultiset(a: RowHashes, b: RowHashes): boolean {
  if (a.size !== b.size) return false;
  for (const [h, n] of a) if (b.get(h) !== n) return false;
  return true;
}

/** Looks up the previous rows' canonical lines by hash (from disk: result-rows.ts). */
export type LinesByHash = (hashes: Iterable<string>) => ReadonlyMap<string, string>;

/**
 * The diff of `current` against the previous multiset: added are rows beyond the count of identical rows before, in
 * the current order; removed are previous rows beyond their count now, in the previous order, parsed from the lines
 * `previousLines` finds, which is called only when something was removed.
 */
export function diffByHash(previous: RowHashes, current: HashedRows, previousLines: LinesByHash): RowDiff {
  const { hashes, counts, rows } = current;
  if (sameMultiset(previous, counts)) return { added: [], removed: [] };
  const added: LoggedRow[] = [];
  const matched = new Map<string, number>();
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i] as string;
    const seen = matched.get(h) ?? 0;
    if (seen < (previous.get(h) ?? 0)) matched.set(h, seen + 1);
    else added.push(rows[i] as LoggedRow);
  }
  const gone = new Map<string, number>();
  for (const [h, n] of previous) {
    const now = counts.get(h) ?? 0;
    if (n > now) gone.set(h, n - now);
  }
  return { added, removed: gone.size === 0 ? [] : removedRows(gone, previousLines(gone.keys())) };
}

/** As many rows of each gone hash as were removed, in the previous order. */
function removedRows(gone: ReadonlyMap<string, number>, lines: ReadonlyMap<string, string>): LoggedRow[] {
  const removed: LoggedRow[] = [];
  for (const [h, n] of gone) {
    const line = lines.get(h);
    if (line === undefined) continue; // not stored: cannot be logged (a state written by nothing but this code has it)
    for (let i = 0; i < n; i++) removed.push(JSON.parse(line) as LoggedRow);
  }
  return removed;
}

/**
 * What to write to the stored multiset for the new result: every hash when `previous` is undefined (replace), else
 * those whose count changed (0 for gone ones), each with its canonical line: `lineAt(i)` for the row at index i of
 * `current.hashes`, asked only for the rows whose count changed.
 */
export function rowsChange(
  previous: RowHashes | undefined,
  current: HashedRows,
  lineAt: (index: number) => string,
): RowsChange {
  const counts = new Map<string, number>();
  for (const [h, n] of current.counts) if (previous?.get(h) !== n) counts.set(h, n);
  if (previous) for (const h of previous.keys()) if (!current.counts.has(h)) counts.set(h, 0);
  const lineOf = new Map<string, string>();
  current.hashes.forEach((h, i) => {
    if ((counts.get(h) ?? 0) > 0 && !lineOf.has(h)) lineOf.set(h, lineAt(i));
  });
  return { replace: previous === undefined, counts, lines: lineOf };
}

/**
 * Added: rows of `current` beyond the count of identical rows before; removed: rows before beyond their count now.
 * Added keep the current order, removed the previous order. (The line-keyed form of diffByHash, for callers that hold
 * both result sets as text.)
 */
export function diffResultSets(
  previous: readonly string[],
  current: readonly string[],
  rows: readonly LoggedRow[],
): RowDiff {
  const before = previous.map(rowHash);
  const lines = new Map(before.map((h, i) => [h, previous[i] as string]));
  const hashes = current.map(rowHash);
  return diffByHash(hashRows(before), { rows, hashes, counts: hashRows(hashes) }, () => lines);
}
