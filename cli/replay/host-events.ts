/**
 * Host records read from other tools' logs (Linux audit, Sysmon for Linux) become the same result_event records an
 * osquery evented table writes (process_events, socket_events, file_events), so the enricher and the correlator
 * treat them exactly as they treat osquery's rows. The query name ends with the table name (`auditd_socket_events`),
 * which is how the enricher finds the table's mapping.
 */
import { basename } from 'node:path';
import type { TableDefinition } from '../../collector/engine/spec.js';
import { dedupeId } from '../../collector/loggers/kafka/messages.js';
import type { LogHeader } from '../../collector/loggers/types.js';
import fileEvents from '../../collector/tables/events/file_events.table.js';
import processEvents from '../../collector/tables/events/process_events.table.js';
import socketEvents from '../../collector/tables/events/socket_events.table.js';
import type { ResultEvent } from '../../schemas/generated/result_event.js';

export type HostTable = 'process_events' | 'socket_events' | 'file_events';

/** Each table's columns, from the collector's own spec (osquery's columns, in its order): every row carries all of
 * them. */
const COLUMNS: Readonly<Record<HostTable, readonly string[]>> = {
  process_events: columnNames(processEvents),
  socket_events: columnNames(socketEvents),
  file_events: columnNames(fileEvents),
};

/** The same columns sorted, the order rows are built in. */
const SORTED: Readonly<Record<HostTable, readonly string[]>> = {
  process_events: [...COLUMNS.process_events].sort(),
  socket_events: [...COLUMNS.socket_events].sort(),
  file_events: [...COLUMNS.file_events].sort(),
};

function columnNames(table: TableDefinition): string[] {
  return table.columns.map((c) => c.name);
}

export function tableColumns(table: HostTable): readonly string[] {
  return COLUMNS[table];
}

/** One replay record's worth of host event: the row and its exact event time (ms; the row's `time` is seconds). */
export interface HostRecord {
  readonly time: number;
  readonly value: ResultEvent;
}

/**
 * A row as osquery logs an evented table's row: every column of the table present ('' when the source has no
 * value), `time` in whole seconds, action `added`, and the collector's dedupe id.
 */
export interface HostRecordOrigin {
  /** The tool that logged it: the query name is `<source>_<table>`. */
  readonly source: 'auditd' | 'sysmon';
  readonly table: HostTable;
  readonly hostIdentifier: string;
  readonly timeMs: number;
}

export function hostRecord(origin: HostRecordOrigin, values: Readonly<Record<string, string>>): HostRecord {
  const { source, table, hostIdentifier, timeMs } = origin;
  const seconds = Math.floor(timeMs / 1000);
  const row: Record<string, string> = {};
  for (const column of SORTED[table]) row[column] = column === 'time' ? String(seconds) : (values[column] ?? '');
  const header: LogHeader = {
    name: `${source}_${table}`,
    hostIdentifier,
    calendarTime: new Date(timeMs).toUTCString(),
    unixTime: seconds,
    epoch: 0,
    counter: 0,
    numerics: false,
    decorations: {},
  };
  const value: ResultEvent = {
    id: dedupeId(header, 'added', row),
    name: header.name,
    hostIdentifier,
    calendarTime: header.calendarTime,
    unixTime: seconds,
    epoch: 0,
    counter: 0,
    numerics: false,
    action: 'added',
    decorations: {},
    columns: row,
  };
  return { time: timeMs, value };
}

/** The host a log without host names belongs to: its file name without directories or extensions. */
export function hostFromFileName(file: string): string {
  const name = basename(file);
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
