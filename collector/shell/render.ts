/**
 * osqueryi's output modes as pure functions: a query result in, the exact text osqueryi prints out
 * (osquery/devtools/shell.cpp `shell_callback`, osquery/devtools/printer.cpp). Every function returns the complete
 * text for one statement's result; an empty string means osqueryi prints nothing (0 rows in every mode but json).
 */
import type { SqlValue } from '../engine/spec.js';
import { utf8Width, csvField, jsonString, padEndBytes, padStartBytes, truncateBytes } from './text.js';

export type OutputMode = 'pretty' | 'line' | 'list' | 'csv' | 'column';

/** A result with every value already as the text SQLite would give (`sqlite3_column_text`), NULL as null. */
export interface TextResult {
  columns: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<string | null>>;
}

export interface RenderSettings {
  mode: OutputMode;
  /** `.headers` / `--header`: list, csv and column modes only. */
  header: boolean;
  separator: string;
  /** `.nullvalue`: line, list, csv and column modes. */
  nullvalue: string;
  /** The `--nullvalue` flag: pretty and json read the flag, not `.nullvalue` (osquery quirk). */
  nullvalueFlag: string;
  /** `--json` / `--json_pretty` replace the pretty table (pretty mode only). */
  json: boolean;
  jsonPretty: boolean;
  /** `.width` values; 0 = automatic, negative = right-aligned. */
  widths: readonly number[];
}

export function renderResult(result: TextResult, s: RenderSettings): string {
  switch (s.mode) {
    case 'pretty':
      if (s.jsonPretty) return renderJsonPretty(result, s.nullvalueFlag);
      if (s.json) return renderJson(result, s.nullvalueFlag);
      return renderPretty(result, s.nullvalueFlag);
    case 'line':
      return renderLine(result, s.nullvalue);
    case 'list':
      return renderList(result, s.header, s.separator, s.nullvalue);
    case 'csv':
      return renderCsv(result, s.header, s.separator, s.nullvalue);
    case 'column':
      return renderColumn(result, s.header, s.widths, s.nullvalue);
  }
}

/**
 * osquery buffers pretty rows as `std::map<column, value>`: a duplicated column name keeps its last value (and
 * shows it in both places), and json output is sorted by key.
 */
function asMaps(result: TextResult, nullvalue: string): Array<Map<string, string>> {
  return result.rows.map((row) => {
    const map = new Map<string, string>();
    result.columns.forEach((name, i) => map.set(name, row[i] ?? nullvalue));
    return map;
  });
}

export function renderPretty(result: TextResult, nullvalue: string): string {
  if (result.rows.length === 0) return '';
  const rows = asMaps(result, nullvalue);
  const widths = new Map<string, number>();
  for (const name of result.columns) widths.set(name, utf8Width(name));
  for (const row of rows) {
    for (const [name, value] of row) widths.set(name, Math.max(widths.get(name) ?? 0, utf8Width(value)));
  }
  const border = `+${result.columns.map((c) => '-'.repeat((widths.get(c) ?? 0) + 2)).join('+')}+\n`;
  const line = (cells: string[]): string =>
    `|${cells.map((v, i) => ` ${v}${' '.repeat((widths.get(result.columns[i] ?? '') ?? 0) - utf8Width(v))} `).join('|')}|\n`;
  let out = border + line([...result.columns]) + border;
  for (const row of rows) out += line(result.columns.map((c) => row.get(c) ?? ''));
  return out + border;
}

/** `--json`: one compact object per line, keys sorted as std::map sorts them (bytewise), values all strings. */
export function renderJson(result: TextResult, nullvalue: string): string {
  const objects = asMaps(result, nullvalue).map((row) => `  {${sortedEntries(row).map(([k, v]) => `${jsonString(k)}:${jsonString(v)}`).join(',')}}`);
  return `[\n${objects.join(',\n')}\n]\n`;
}

/** `--json_pretty`: rapidjson's PrettyWriter, 2-space indent. */
export function renderJsonPretty(result: TextResult, nullvalue: string): string {
  if (result.rows.length === 0) return '[]\n';
  const objects = asMaps(result, nullvalue).map((row) => {
    const fields = sortedEntries(row).map(([k, v]) => `    ${jsonString(k)}: ${jsonString(v)}`);
    return fields.length === 0 ? '  {}' : `  {\n${fields.join(',\n')}\n  }`;
  });
  return `[\n${objects.join(',\n')}\n]\n`;
}

function sortedEntries(row: Map<string, string>): Array<[string, string]> {
  return [...row].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** `.mode line`: `%*s = %s` with the width of the longest column name (at least 5), a blank line between rows. */
export function renderLine(result: TextResult, nullvalue: string): string {
  const width = Math.max(5, ...result.columns.map((c) => Buffer.byteLength(c)));
  return result.rows
    .map((row) => result.columns.map((name, i) => `${padStartBytes(name, width)} = ${row[i] ?? nullvalue}\n`).join(''))
    .join('\n');
}

/** `.mode list`: values joined by the separator; the header only when there is a first row. */
export function renderList(result: TextResult, header: boolean, separator: string, nullvalue: string): string {
  if (result.rows.length === 0) return '';
  const head = header ? `${result.columns.join(separator)}\n` : '';
  return head + result.rows.map((row) => `${result.columns.map((_, i) => row[i] ?? nullvalue).join(separator)}\n`).join('');
}

/** `.mode csv`: like list, with sqlite's quoting rules applied to names and values (NULL is never quoted). */
export function renderCsv(result: TextResult, header: boolean, separator: string, nullvalue: string): string {
  if (result.rows.length === 0) return '';
  const head = header ? `${result.columns.map((c) => csvField(c, separator)).join(separator)}\n` : '';
  const body = result.rows.map(
    (row) => `${result.columns.map((_, i) => { const v = row[i] ?? null; return v === null ? nullvalue : csvField(v, separator); }).join(separator)}\n`,
  );
  return head + body.join('');
}

/** sqlite's dash run in column mode: 93 dashes; wider columns are padded with spaces (printf `%-*.*s`). */
const DASHES = '-'.repeat(93);

/**
 * `.mode column`: widths fixed by the first row (explicit `.width`, else max(10, name, first value)); every cell is
 * truncated to its width and padded, two spaces between columns; a negative width right-aligns.
 */
export function renderColumn(result: TextResult, header: boolean, widths: readonly number[], nullvalue: string): string {
  const first = result.rows[0];
  if (first === undefined) return '';
  const actual = result.columns.map((name, i) => {
    const explicit = widths[i] ?? 0;
    if (explicit !== 0) return explicit;
    return Math.max(10, Buffer.byteLength(name), Buffer.byteLength(first[i] ?? nullvalue));
  });
  const cell = (text: string, w: number): string =>
    w < 0 ? padStartBytes(truncateBytes(text, -w), -w) : padEndBytes(truncateBytes(text, w), w);
  const line = (cells: string[]): string => `${cells.map((text, i) => cell(text, actual[i] ?? 10)).join('  ')}\n`;
  let out = '';
  if (header) {
    out += line([...result.columns]);
    out += `${actual.map((w) => padEndBytes(DASHES.slice(0, Math.abs(w)), Math.abs(w))).join('  ')}\n`;
  }
  for (const row of result.rows) out += line(result.columns.map((_, i) => row[i] ?? nullvalue));
  return out;
}

/** Whether a value is integral and safely representable: SQLite INTEGERs reach us as such numbers or as bigints. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The text SQLite gives for a value (`sqlite3_column_text`). REALs follow SQLite's `%!.15g` (17 digits when 15 do not
 * round-trip), with `.0` added to a bare mantissa and at least two exponent digits (`1.0e-07`). An integral REAL
 * reaches JavaScript as an integer and prints as one (SQLite would print `100.0`).
 */
export function sqlText(value: SqlValue | Uint8Array | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Number.isInteger(value) && Math.abs(value) <= MAX_SAFE) return String(value);
  return formatReal(value);
}

export function formatReal(n: number): string {
  if (Number.isNaN(n)) return '';
  if (!Number.isFinite(n)) return n > 0 ? 'Inf' : '-Inf';
  let digits = 15;
  let text = gFormat(n, digits);
  if (Number(text) !== n) text = gFormat(n, (digits = 17));
  return text;
}

/** C's `%!.Ng`: shortest of fixed/exponent, trailing zeros removed, but always a decimal point (the `!` flag). */
function gFormat(n: number, precision: number): string {
  const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(n.toPrecision(precision)))));
  if (exp < -4 || exp >= precision) {
    const [mantissa = '', e = '0'] = n.toExponential(precision - 1).split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    const magnitude = e.replace(/^[-+]/, '').padStart(2, '0');
    return `${withPoint(trimZeros(mantissa))}e${sign}${magnitude}`;
  }
  return withPoint(trimZeros(n.toFixed(Math.max(0, precision - 1 - exp))));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

function withPoint(s: string): string {
  return s.includes('.') ? s : `${s}.0`;
}

/** Converts an engine result to text once, for every renderer. */
export function toTextResult(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<SqlValue>>): TextResult {
  return { columns, rows: rows.map((row) => row.map((v) => sqlText(v))) };
}
