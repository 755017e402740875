/**
 * The differential engine's core: a multiset compare of whole rows. Rows are compared by their canonical JSON line
 * (sorted keys, osquery's logged values), which is also how the previous result set is stored, so a run needs no
 * re-serialisation of the stored rows; only removed rows are parsed back.
 */
import { rowObject } from '../loggers/format.js';
import type { LoggedRow } from '../loggers/types.js';

export interface RowDiff {
  readonly added: LoggedRow[];
  readonly removed: LoggedRow[];
}

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

/**
 * Added: rows of `current` beyond the count of identical rows before; removed: rows before beyond their count now.
 * Added keep the current order, removed the previous order.
 */
export function diffResultSets(
  previous: readonly string[],
  current: readonly string[],
  rows: readonly LoggedRow[],
): RowDiff {
  const counts = new Map<string, number>();
  for (const line of previous) counts.set(line, (counts.get(line) ?? 0) + 1);
  const added: LoggedRow[] = [];
  for (let i = 0; i < current.length; i++) {
    const line = current[i] as string;
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else added.push(rows[i] as LoggedRow);
  }
  const removed: LoggedRow[] = [];
  for (const line of previous) {
    const left = counts.get(line) ?? 0;
    if (left > 0) {
      counts.set(line, left - 1);
      removed.push(JSON.parse(line) as LoggedRow);
    }
  }
  return { added, removed };
}
