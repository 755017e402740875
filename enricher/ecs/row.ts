/**
 * A result row as the mappings read it: every column in osquery's string form (what the raw `osquery.columns` keeps),
 * whether the collector ran with logger_numerics or not, plus typed readers that treat osquery's empty strings and
 * placeholders as absent.
 */
/**
 * A column value as the codec decodes `union{null,string,long,double}`: bare; the wrapped forms are what plain avsc
 * gives for that ambiguous union, accepted so that rows decoded by other tools map the same.
 */
export type ColumnValue = null | string | number | { string: string } | { long: number } | { double: number };

export type Row = Readonly<Record<string, string>>;

/** Flattens avsc's union values ({string: …}, {long: …}) and numbers into strings; nulls are dropped. */
export function normalizeColumns(columns: Readonly<Record<string, ColumnValue>>): Record<string, string> {
  // The common case (osquery's default: every value a string) needs no copy.
  if (allStrings(columns)) return columns as Record<string, string>;
  const out: Record<string, string> = {};
  for (const key in columns) {
    const text = columnText(columns[key] ?? null);
    if (text !== null) out[key] = text;
  }
  return out;
}

function allStrings(columns: Readonly<Record<string, ColumnValue>>): boolean {
  for (const key in columns) if (typeof columns[key] !== 'string') return false;
  return true;
}

export function columnText(value: ColumnValue): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if ('string' in value) return value.string;
  if ('long' in value) return String(value.long);
  if ('double' in value) return String(value.double);
  return null;
}

/** A non-empty string column, or null. */
export function str(row: Row, column: string): string | null {
  const value = row[column];
  return value === undefined || value === '' ? null : value;
}

/** An integer column; osquery writes -1 for "unknown" in many tables, which callers may reject with `min`. */
export function int(row: Row, column: string, min = Number.MIN_SAFE_INTEGER): number | null {
  const value = row[column];
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && Number.isInteger(n) && n >= min ? n : null;
}

/** A UNIX-seconds column as epoch milliseconds (0 and negatives mean unknown). */
export function secondsToMs(row: Row, column: string): number | null {
  const n = int(row, column, 1);
  return n === null ? null : n * 1000;
}

/** The last path component, as ECS `file.name` / `process.name`. */
export function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '';
  return slash === 0 ? '/' : path.slice(0, slash);
}

/** ECS `file.extension`: without the dot, none for dotfiles. */
export function extension(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? null : name.slice(dot + 1);
}
