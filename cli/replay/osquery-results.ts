/**
 * osquery result log lines (the filesystem logger's JSON, as osqueryd and `osprey daemon` write them) to the
 * result_event records the enricher reads: event format (one row, `columns` + `action`), snapshot format
 * (`snapshot: [rows]`) and batch format (`diffResults: {added, removed}`). Ids are the collector's dedupe ids, so a
 * replayed row has the id it had when it was first shipped.
 */
import { dedupeId } from '../../collector/loggers/kafka/messages.js';
import type { LogHeader, LoggedRow } from '../../collector/loggers/types.js';
import { lineError, type RecordSource } from '../../sensors/parsers/normalize.js';
import type { ResultEvent, RowAction } from '../../schemas/generated/result_event.js';

type Json = Record<string, unknown>;

/** Every row a result line carries (none for a line with no rows); throws a DECODE_ERROR naming file:line. */
export function parseResultLine(line: string, at: RecordSource): ResultEvent[] {
  const trimmed = line.trim();
  if (trimmed === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (err) {
    throw lineError(at, `not valid JSON (${(err as Error).message})`, err);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw lineError(at, 'not a JSON object');
  const record = parsed as Json;
  const header = headerOf(record, at);
  if (Array.isArray(record.snapshot))
    return rowsOf(record.snapshot, at).map((row) => resultEvent(header, 'snapshot', row));
  const diff = record.diffResults;
  if (diff !== null && typeof diff === 'object') {
    const { added, removed } = diff as Json;
    return [
      ...rowsOf(removed ?? [], at).map((row) => resultEvent(header, 'removed', row)),
      ...rowsOf(added ?? [], at).map((row) => resultEvent(header, 'added', row)),
    ];
  }
  const action = record.action;
  if (action !== 'added' && action !== 'removed' && action !== 'snapshot')
    throw lineError(at, 'no `action`, `snapshot` or `diffResults`');
  return [resultEvent(header, action, rowsOf([record.columns], at)[0] ?? {})];
}

/** True when a parsed JSON line looks like an osquery result line (for format detection). */
export function isResultRecord(record: Json): boolean {
  return (
    typeof record.hostIdentifier === 'string' &&
    typeof record.name === 'string' &&
    ('columns' in record || 'snapshot' in record || 'diffResults' in record)
  );
}

/** When the row happened: evented tables' `time` column, else when the query ran (ms). */
export function resultTime(event: ResultEvent): number {
  const time = Number(event.columns.time);
  return Number.isFinite(time) && time > 0 ? time * 1000 : event.unixTime * 1000;
}

function headerOf(record: Json, at: RecordSource): LogHeader {
  const name = record.name;
  const hostIdentifier = record.hostIdentifier;
  const unixTime = Number(record.unixTime);
  if (typeof name !== 'string' || typeof hostIdentifier !== 'string')
    throw lineError(at, 'no `name` or `hostIdentifier`');
  if (!Number.isFinite(unixTime)) throw lineError(at, '`unixTime` is not a number');
  const decorations =
    record.decorations !== null && typeof record.decorations === 'object'
      ? stringValues(record.decorations as Json)
      : {};
  return {
    name,
    hostIdentifier,
    calendarTime:
      typeof record.calendarTime === 'string' ? record.calendarTime : new Date(unixTime * 1000).toUTCString(),
    unixTime,
    epoch: Number(record.epoch ?? 0) || 0,
    counter: Number(record.counter ?? 0) || 0,
    numerics: record.numerics === true,
    decorations,
  };
}

function rowsOf(value: unknown, at: RecordSource): LoggedRow[] {
  if (!Array.isArray(value)) throw lineError(at, 'rows are not a list');
  return value.map((row) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw lineError(at, 'a row is not a JSON object');
    const out: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(row as Json))
      out[k] = typeof v === 'number' ? v : v === null || v === undefined ? '' : String(v);
    return out;
  });
}

function stringValues(object: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(object)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

function resultEvent(header: LogHeader, action: RowAction, row: LoggedRow): ResultEvent {
  return {
    id: dedupeId(header, action, row),
    name: header.name,
    hostIdentifier: header.hostIdentifier,
    calendarTime: header.calendarTime,
    unixTime: header.unixTime,
    epoch: header.epoch,
    counter: header.counter,
    numerics: header.numerics,
    action,
    decorations: { ...(header.decorations ?? {}) }, // one header's decorations are shared by all its rows
    columns: row, // a fresh object per row (rowsOf), so no copy
  };
}
