/**
 * osquery's exact JSON lines for results, snapshots and status logs (docs/osquery-compatibility.md §2, §5.1). Key order is part of the
 * contract (SIEM parsers and diff tools depend on it), so lines are assembled by hand rather than by serialising an
 * object. Column keys are sorted because osquery's rows are std::map. The Kafka plugin's `json` value format reuses
 * these functions, so a line on Kafka is byte-for-byte the line in osqueryd.results.log.
 */
import type { DiffRecord, LogHeader, LoggedRow, SnapshotRecord, StatusRecord } from './types.js';

export interface FormatOptions {
  /** --logger_event_type: one line per changed row (true, osquery's default) or one batch line per execution. */
  readonly eventFormat: boolean;
  /** --logger_snapshot_event_type: snapshots as one line per row (true) or one line per execution (false). */
  readonly snapshotEventFormat: boolean;
  /** --decorations_top_level: decorations merged into the top level instead of a `decorations` object. */
  readonly decorationsTopLevel: boolean;
}

export const DEFAULT_FORMAT: FormatOptions = {
  eventFormat: true,
  snapshotEventFormat: false,
  decorationsTopLevel: false,
};

/** Reads the three formatting flags the way osquery does (logger plugins get a flags view). */
export function formatOptionsFromFlags(flags: { getBool(name: string): boolean }): FormatOptions {
  return {
    eventFormat: flags.getBool('logger_event_type'),
    snapshotEventFormat: flags.getBool('logger_snapshot_event_type'),
    decorationsTopLevel: flags.getBool('decorations_top_level'),
  };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** C asctime() of the UTC time, trimmed, plus " UTC": `Mon Jan  5 03:04:05 2026 UTC` (day space-padded). */
export function calendarTime(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const pad2 = (n: number): string => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const clock = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${clock} ${d.getUTCFullYear()} UTC`;
}

/** The lines one differential execution produces: removed rows before added rows (event) or one batch line. */
export function formatDiff(record: DiffRecord, options: FormatOptions = DEFAULT_FORMAT): string[] {
  if (!options.eventFormat) {
    const diff = `"diffResults":{"removed":${rowArray(record.removed)},"added":${rowArray(record.added)}}`;
    return [`{${diff},${header(record, options)}}`];
  }
  const lines: string[] = [];
  for (const row of record.removed) lines.push(eventLine(record, row, 'removed', options));
  for (const row of record.added) lines.push(eventLine(record, row, 'added', options));
  return lines;
}

/** The lines one snapshot execution produces (one line, even with no rows; or one line a row in event shape). */
export function formatSnapshot(record: SnapshotRecord, options: FormatOptions = DEFAULT_FORMAT): string[] {
  if (options.snapshotEventFormat) return record.rows.map((row) => eventLine(record, row, 'snapshot', options));
  return [`{"snapshot":${rowArray(record.rows)},"action":"snapshot",${header(record, options)}}`];
}

/** A status log as osquery's buffered loggers (tls, aws, kafka) send it (§5.1). */
export function formatStatus(record: StatusRecord, options: FormatOptions = DEFAULT_FORMAT): string {
  const fields = [
    `"hostIdentifier":${str(record.hostIdentifier)}`,
    `"calendarTime":${str(record.calendarTime)}`,
    `"unixTime":${record.unixTime}`,
    `"severity":${record.severity}`,
    `"filename":${str(record.filename)}`,
    `"line":${record.line}`,
    `"message":${str(record.message)}`,
    `"version":${str(record.version)}`,
  ];
  return `{${withDecorations(fields, record.decorations, options)}}`;
}

function eventLine(record: LogHeader, row: LoggedRow, action: string, options: FormatOptions): string {
  return `{${header(record, options)},"columns":${rowObject(row)},"action":"${action}"}`;
}

/** name … numerics [, decorations]: the shared header in osquery's key order. */
function header(record: LogHeader, options: FormatOptions): string {
  const fields = [
    `"name":${str(record.name)}`,
    `"hostIdentifier":${str(record.hostIdentifier)}`,
    `"calendarTime":${str(record.calendarTime)}`,
    `"unixTime":${record.unixTime}`,
    `"epoch":${record.epoch}`,
    `"counter":${record.counter}`,
    `"numerics":${record.numerics ? 'true' : 'false'}`,
  ];
  return withDecorations(fields, record.decorations, options);
}

/**
 * Appends decorations as an object, or with decorations_top_level as top-level keys; a decoration whose name is
 * already a key replaces that key's value in place (rapidjson's behaviour in osquery).
 */
function withDecorations(
  fields: string[],
  decorations: Readonly<Record<string, string>> | undefined,
  options: FormatOptions,
): string {
  const entries = Object.entries(decorations ?? {}).sort(([a], [b]) => compareKeys(a, b));
  if (entries.length === 0) return fields.join(',');
  if (!options.decorationsTopLevel) {
    return `${fields.join(',')},"decorations":{${entries.map(([k, v]) => `${str(k)}:${str(v)}`).join(',')}}`;
  }
  const out = [...fields];
  for (const [key, value] of entries) {
    const prefix = `${str(key)}:`;
    const at = out.findIndex((field) => field.startsWith(prefix));
    if (at >= 0) out[at] = `${prefix}${str(value)}`;
    else out.push(`${prefix}${str(value)}`);
  }
  return out.join(',');
}

function rowArray(rows: readonly LoggedRow[]): string {
  return `[${rows.map(rowObject).join(',')}]`;
}

/** A row with its keys in byte order, as a std::map<std::string, …> iterates. */
export function rowObject(row: LoggedRow): string {
  const keys = Object.keys(row);
  // With keys already in order, JSON.stringify produces exactly this form (strings and finite numbers), natively.
  if (isSorted(keys) && keys.every((key) => typeof row[key] === 'string' || Number.isFinite(row[key]))) {
    return JSON.stringify(row);
  }
  keys.sort(compareKeys);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    out += `${i === 0 ? '' : ','}${str(key)}:${value(row[key])}`;
  }
  return `${out}}`;
}

/** Rows built by the daemon already have sorted keys (rows.ts), so the common case skips the sort. */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

function value(v: string | number | undefined): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return str(v ?? '');
}

function str(s: string): string {
  return JSON.stringify(s);
}

/** std::string ordering: by UTF-16 code unit, which equals byte order for the ASCII names osquery uses. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
