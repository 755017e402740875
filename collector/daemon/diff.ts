/**
 * The differential engine's core: a multiset compare of whole rows. A row is identified by the SHA-1 of its canonical
 * JSON line (sorted keys, osquery's logged values); the previous result of each query is kept in memory as a multiset
 * of those hashes, so an unchanged result costs one hash per row. The canonical lines themselves are what the store
 * keeps on disk (written only when the result changed); they are read back only to log removed rows.
 */
import { hash } from 'node:crypto';
import { rowObject } from '../loggers/format.js';
import type { LoggedRow } from '../loggers/types.js';

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

/** Stored form of a result set: one canonical row a line (JSON escapes newlines, so lines never break a row). */
export function encodeResultSet(lines: readonly string[]): string {
  return lines.join('\n');
}

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

/**
 * The diff of `current` against the previous multiset: added are rows beyond the
 * count of identical rows before, in the current order; removed are previous rows beyond their count now, in the
 * previous order, parsed from `previousLines()`, which is called only when something was removed.
 */
export function diffByHash(previous: RowHashes, current: HashedRows, previousLines: () => readonly string[]): RowDiff {
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
  return { added, removed: gone.size === 0 ? [] : removedRows(previousLines(), gone) };
}

/** The previous lines whose hashes are in `gone`, as many of each as were removed. */
function removedRows(lines: readonly string[], gone: Map<string, number>): LoggedRow[] {
  const removed: LoggedRow[] = [];
  for (const line of lines) {
    const h = rowHash(line);
    const left = gone.get(h) ?? 0;
    if (left > 0) {
      gone.set(h, left - 1);
      removed.push(JSON.parse(line) as LoggedRow);
    }
  }
  return removed;
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
  const hashes = current.map(rowHash);
  return diffByHash(hashRows(previous.map(rowHash)), { rows, hashes, counts: hashRows(hashes) }, () => previous);
}
