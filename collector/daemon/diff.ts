/**
 * The differential engine's core: a multiset compare of whole rows. A row is identified by the SHA-1 of its canonical
 * JSON line (sorted keys, osquery's logged values); the previous result of each query is kept in memory as a multiset
 * of those hashes, so an unchanged result costs one hash per row. The store keeps the previous result's lines on disk
 * as one text (written only when the result changed, which one large write does more cheaply than a row-by-row
 * delta); they are read back only to log removed rows, found by position from the hashes held in the same order.
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

/** Looks up the previous rows' canonical lines by hash (read back from the store's text by position). */
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

/** The lines of `lines` (a result set) whose hash, at the same position of `hashes`, is one of `wanted`. */
export function linesByHash(
  lines: readonly string[],
  hashes: readonly string[],
  wanted: Iterable<string>,
): Map<string, string> {
  const want = new Set(wanted);
  const out = new Map<string, string>();
  hashes.forEach((h, i) => {
    if (want.has(h) && !out.has(h) && lines[i] !== undefined) out.set(h, lines[i]);
  });
  return out;
}
