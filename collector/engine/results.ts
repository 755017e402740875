/** How the engine shapes a query's rows: REAL columns told from INTEGER ones, and several statements' rows in one. */
import type { TypedQueryResult } from './engine.js';
import type { SqlValue } from './spec.js';

/**
 * Which columns held a REAL (true at that index); safe-range INTEGERs become numbers in place. With safeIntegers
 * every INTEGER arrives as a bigint, so a number here is a REAL.
 */
export function realColumns(columns: readonly string[], rows: SqlValue[][]): boolean[] {
  const reals = columns.map(() => false);
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (typeof value === 'number') reals[i] = true;
      else if (typeof value === 'bigint' && value <= 9007199254740991n && value >= -9007199254740991n)
        row[i] = Number(value);
    }
  }
  return reals;
}

/** The statements' rows in one result: columns in order of first appearance, NULL where a statement lacks one. */
export function mergeResults(results: readonly TypedQueryResult[]): TypedQueryResult {
  const columns: string[] = [];
  const rows: SqlValue[][] = [];
  const reals: boolean[] = [];
  for (const result of results) {
    const at = result.columns.map((name) => {
      const known = columns.indexOf(name);
      return known >= 0 ? known : columns.push(name) - 1;
    });
    at.forEach((column, i) => (reals[column] = (reals[column] ?? false) || result.reals[i] === true));
    for (const values of result.rows) {
      const row: SqlValue[] = [];
      at.forEach((column, i) => (row[column] = values[i] ?? null));
      rows.push(row);
    }
  }
  for (const row of rows) for (let i = 0; i < columns.length; i++) row[i] ??= null;
  return { columns, rows, reals: columns.map((_, i) => reals[i] ?? false) };
}
