/**
 * Converts engine rows to the values osquery logs (docs/osquery-compatibility.md §2.2): strings by default, with control bytes escaped
 * as `\xHH`; NULL as ""; doubles with 15 significant digits and a `.0` when integral; with logger_numerics, integers
 * and doubles as JSON numbers. Which columns are doubles comes from their declared types, because a JavaScript
 * number cannot tell 2.0 from 2.
 */
import type { SqlValue } from '../engine/spec.js';
import type { LoggedRow } from '../loggers/types.js';

export interface RowConversion {
  readonly numerics: boolean;
  /** Column indexes whose declared type is REAL/DOUBLE/FLOAT. */
  readonly doubleColumns?: ReadonlySet<number>;
}

export function toLoggedRows(
  columns: readonly string[],
  rows: readonly SqlValue[][],
  options: RowConversion,
): LoggedRow[] {
  // Keys are inserted in sorted order (a stable sort keeps "the later duplicate column wins"), so every row shares
  // one shape and the canonical form needs no per-row sort.
  const order = columns
    .map((_, i) => i)
    .sort((a, b) => {
      const x = columns[a] as string;
      const y = columns[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  const doubles = order.map((c) => options.doubleColumns?.has(c) ?? false);
  const out: LoggedRow[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as SqlValue[];
    const logged: Record<string, string | number> = {};
    for (let k = 0; k < order.length; k++) {
      const c = order[k] as number;
      logged[columns[c] as string] = loggedValue(row[c] ?? null, doubles[k] ?? false, options.numerics);
    }
    out[r] = logged;
  }
  return out;
}

export function loggedValue(value: SqlValue, isDouble: boolean, numerics: boolean): string | number {
  if (value === null) return '';
  if (typeof value === 'string') return escapeNonPrintable(value);
  if (typeof value === 'bigint') return value.toString();
  const double = isDouble || !Number.isInteger(value);
  if (numerics) return value;
  return double ? formatDouble(value) : String(value);
}

/** Bytes below 0x20 become `\xHH` (uppercase), as osquery escapes result strings before diffing and logging. */
export function escapeNonPrintable(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f]/.test(text)) return text;
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** printf("%.15g") plus ".0" when the result has no decimal point or exponent. */
export function formatDouble(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const exponent = Number(value.toExponential(14).split('e')[1]);
  let text: string;
  if (exponent < -4 || exponent >= 15) {
    const [mantissa = '', exp = '0'] = value.toExponential(14).split('e');
    const e = Number(exp);
    text = `${stripZeros(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  } else {
    text = stripZeros(value.toFixed(Math.max(0, 14 - exponent)));
  }
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Which result columns are declared REAL/DOUBLE/FLOAT (from the engine's column types). */
export function doubleColumnIndexes(types: ReadonlyArray<{ type: string }>): Set<number> {
  const out = new Set<number>();
  types.forEach((column, i) => {
    if (/REAL|DOUBLE|FLOA/i.test(column.type)) out.add(i);
  });
  return out;
}
