/**
 * osquery's value typing (osquery/sql/dynamic_table_row.cpp), applied in JS before rows cross to SQLite: a missing
 * key is NULL; TEXT/BLOB are text; an empty string in an INTEGER/BIGINT/DOUBLE column is NULL; integers are parsed
 * with base 0 (`0x10` = 16, `010` = 8) and a parse failure is NULL.
 */
import type { ColumnType, SqlValue } from './spec.js';

export type Converter = (value: SqlValue | undefined) => SqlValue;

const INTEGER_BASE0 = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** strtoll(s, &end, 0) that must consume the whole string. */
export function parseIntegerBase0(text: string): SqlValue {
  const match = INTEGER_BASE0.exec(text);
  if (match === null) return null;
  const [, sign = '', digits = ''] = match;
  let value: bigint;
  if (/^0[xX]/.test(digits)) value = BigInt(digits);
  else if (digits.length > 1 && digits.startsWith('0')) value = BigInt(`0o${digits.slice(1)}`);
  else value = BigInt(digits);
  if (sign === '-') value = -value;
  if (value > 9223372036854775807n || value < -9223372036854775808n) return null;
  return toNumberIfSafe(value);
}

export function toNumberIfSafe(value: bigint): number | bigint {
  return value <= 9007199254740991n && value >= -9007199254740991n ? Number(value) : value;
}

function toText(value: SqlValue | undefined): SqlValue {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

function toInteger(value: SqlValue | undefined): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value === 'bigint') return toNumberIfSafe(value);
  return value === '' ? null : parseIntegerBase0(value);
}

function toDouble(value: SqlValue | undefined): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'bigint') return Number(value);
  if (!DECIMAL.test(value)) return null;
  return Number(value);
}

export function converterFor(type: ColumnType): Converter {
  switch (type) {
    case 'INTEGER':
    case 'BIGINT':
    case 'UNSIGNED BIGINT':
      return toInteger;
    case 'DOUBLE':
      return toDouble;
    case 'TEXT':
    case 'BLOB':
      return toText;
  }
}
