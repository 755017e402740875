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
    case 'pretty': {
      const buffer = newPrettyBuffer();
      addToPrettyBuffer(buffer, result, s.nullvalueFlag);
      return renderPrettyBuffer(buffer, s);
    }
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
 * osqueryi buffers pretty (and json) rows for a whole chunk of SQL, every statement of it, and prints them once:
 * rows are `std::map<column, value>` (a duplicated column name keeps its last value; json sorts keys), and the
 * columns are those of the first row buffered.
 */
export interface PrettyBuffer {
  columns: string[];
  rows: Array<Map<string, string>>;
}

export function newPrettyBuffer(): PrettyBuffer {
  return { columns: [], rows: [] };
}

/** NULL becomes the --nullvalue flag's text here, as osqueryi's callback does. */
export function addToPrettyBuffer(buffer: PrettyBuffer, result: TextResult, nullvalue: string): void {
  if (result.rows.length === 0) return;
  if (buffer.columns.length === 0) buffer.columns = [...result.columns];
  for (const row of result.rows) {
    const map = new Map<string, string>();
    result.columns.forEach((name, i) => map.set(name, row[i] ?? nullvalue));
    buffer.rows.push(map);
  }
}

/** What `pretty_print_if_needed` prints for a buffer: json_pretty, json, or the table. */
export function renderPrettyBuffer(
  buffer: PrettyBuffer,
  s: Pick<RenderSettings, 'json' | 'jsonPretty' | 'nullvalueFlag'>,
): string {
  if (s.jsonPretty) return jsonPrettyText(buffer.rows);
  if (s.json) return jsonText(buffer.rows);
  return prettyText(buffer, s.nullvalueFlag);
}

export function renderPretty(result: TextResult, nullvalue: string): string {
  const buffer = newPrettyBuffer();
  addToPrettyBuffer(buffer, result, nullvalue);
  return prettyText(buffer, nullvalue);
}

export function renderJson(result: TextResult, nullvalue: string): string {
  const buffer = newPrettyBuffer();
  addToPrettyBuffer(buffer, result, nullvalue);
  return jsonText(buffer.rows);
}

export function renderJsonPretty(result: TextResult, nullvalue: string): string {
  const buffer = newPrettyBuffer();
  addToPrettyBuffer(buffer, result, nullvalue);
  return jsonPrettyText(buffer.rows);
}

/**
 * printer.cpp `prettyPrint`: widths are the longest value per key over all rows, widened by the first row's key
 * names; a column a row lacks shows the null value padded to the column *name's* byte length (osquery's own
 * arithmetic, kept so output matches).
 */
function prettyText(buffer: PrettyBuffer, nullvalue: string): string {
  const first = buffer.rows[0];
  if (first === undefined) return '';
  const widths = new Map<string, number>();
  for (const row of buffer.rows) {
    for (const [key, value] of row) widths.set(key, Math.max(widths.get(key) ?? 0, utf8Width(value)));
  }
  for (const key of first.keys()) widths.set(key, Math.max(widths.get(key) ?? 0, utf8Width(key)));
  const border = `+${buffer.columns.map((c) => '-'.repeat((widths.get(c) ?? Buffer.byteLength(c)) + 2)).join('+')}+\n`;
  const header = `|${buffer.columns.map((c) => ` ${c}${' '.repeat(Math.max(0, (widths.get(c) ?? 0) - utf8Width(c)))} `).join('|')}|\n`;
  const cell = (row: Map<string, string>, c: string): string => {
    const value = row.get(c);
    const width = widths.get(c);
    if (value === undefined || width === undefined) {
      return ` ${nullvalue}${' '.repeat(Math.max(0, Buffer.byteLength(c) - utf8Width(nullvalue)) + 1)}`;
    }
    return ` ${value}${' '.repeat(width - utf8Width(value) + 1)}`;
  };
  let out = border + header + border;
  for (const row of buffer.rows) out += `|${buffer.columns.map((c) => cell(row, c)).join('|')}|\n`;
  return out + border;
}

/** `--json`: one compact object per line, keys sorted as std::map sorts them (bytewise), values all strings. */
function jsonText(rows: ReadonlyArray<Map<string, string>>): string {
  const objects = rows.map(
    (row) =>
      `  {${sortedEntries(row)
        .map(([k, v]) => `${jsonString(k)}:${jsonString(v)}`)
        .join(',')}}`,
  );
  return `[\n${objects.join(',\n')}\n]\n`;
}

/** `--json_pretty`: rapidjson's PrettyWriter, 2-space indent. */
function jsonPrettyText(rows: ReadonlyArray<Map<string, string>>): string {
  if (rows.length === 0) return '[]\n';
  const objects = rows.map((row) => {
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
  return (
    head + result.rows.map((row) => `${result.columns.map((_, i) => row[i] ?? nullvalue).join(separator)}\n`).join('')
  );
}

/** `.mode csv`: like list, with sqlite's quoting rules applied to names and values (NULL is never quoted). */
export function renderCsv(result: TextResult, header: boolean, separator: string, nullvalue: string): string {
  if (result.rows.length === 0) return '';
  const head = header ? `${result.columns.map((c) => csvField(c, separator)).join(separator)}\n` : '';
  const body = result.rows.map(
    (row) =>
      `${result.columns
        .map((_, i) => {
          const v = row[i] ?? null;
          return v === null ? nullvalue : csvField(v, separator);
        })
        .join(separator)}\n`,
  );
  return head + body.join('');
}

/** sqlite's dash run in column mode: 93 dashes; wider columns are padded with spaces (printf `%-*.*s`). */
const DASHES = '-'.repeat(93);

/**
 * `.mode column`: widths fixed by the first row (explicit `.width`, else max(10, name, first value)); every cell is
 * truncated to its width and padded, two spaces between columns; a negative width right-aligns.
 */
export function renderColumn(
  result: TextResult,
  header: boolean,
  widths: readonly number[],
  nullvalue: string,
): string {
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
 * reaches JavaScript as an integer: pass `real` when the column is known to be REAL, so it prints as `100.0`.
 */
export function sqlText(value: SqlValue | Uint8Array | undefined, real = false): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (!real && Number.isInteger(value) && Math.abs(value) <= MAX_SAFE) return String(value);
  return formatReal(value);
}

/** Whether a declared column type has REAL affinity (SQLite's rule: REAL, FLOA or DOUB in the name). */
export function isRealType(declared: string | undefined): boolean {
  return /REAL|FLOA|DOUB/i.test(declared ?? '');
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

/**
 * Converts an engine result to text once, for every renderer. `realColumns` marks columns declared DOUBLE (or
 * another REAL type): their integral values are REALs that reached JavaScript as integers, and print as `1.0`.
 */
export function toTextResult(
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<SqlValue>>,
  realColumns: readonly boolean[] = [],
): TextResult {
  return { columns, rows: rows.map((row) => row.map((v, i) => sqlText(v, realColumns[i] === true))) };
}
