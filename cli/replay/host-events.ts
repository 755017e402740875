/**
 * Host records read from other tools' logs (Linux audit, Sysmon for Linux) become the same result_event records an
 * osquery evented table writes (process_events, socket_events, file_events), so the enricher and the correlator
 * treat them exactly as they treat osquery's rows. The query name ends with the table name (`auditd_socket_events`),
 * which is how the enricher finds the table's mapping.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { LogHeader } from '../../collector/loggers/types.js';
import type { ResultEvent } from '../../schemas/generated/result_event.js';

export type HostTable = 'process_events' | 'socket_events' | 'file_events';

/** osquery's columns for each table (osquery-linux-tables.json), in its order: every row carries all of them. */
const COLUMNS: Readonly<Record<HostTable, readonly string[]>> = {
  process_events: [
    'pid',
    'path',
    'mode',
    'cmdline',
    'cmdline_size',
    'env',
    'env_count',
    'env_size',
    'cwd',
    'auid',
    'uid',
    'euid',
    'gid',
    'egid',
    'owner_uid',
    'owner_gid',
    'atime',
    'mtime',
    'ctime',
    'btime',
    'overflows',
    'parent',
    'time',
    'uptime',
    'eid',
    'status',
    'fsuid',
    'suid',
    'fsgid',
    'sgid',
    'syscall',
  ],
  socket_events: [
    'action',
    'pid',
    'path',
    'fd',
    'auid',
    'family',
    'protocol',
    'local_address',
    'remote_address',
    'local_port',
    'remote_port',
    'socket',
    'time',
    'uptime',
    'eid',
    'success',
    'status',
  ],
  file_events: [
    'target_path',
    'category',
    'action',
    'transaction_id',
    'inode',
    'uid',
    'gid',
    'mode',
    'size',
    'atime',
    'mtime',
    'ctime',
    'md5',
    'sha1',
    'sha256',
    'hashed',
    'time',
    'eid',
  ],
};

/** The same columns sorted: a row built in this order serializes to the canonical JSON its dedupe id hashes. */
const SORTED: Readonly<Record<HostTable, readonly string[]>> = {
  process_events: [...COLUMNS.process_events].sort(),
  socket_events: [...COLUMNS.socket_events].sort(),
  file_events: [...COLUMNS.file_events].sort(),
};

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
    id: rowId(header, row),
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

/**
 * collector's dedupeId(header, 'added', row), without its generic key sort: the row's keys are already sorted and
 * its values are strings, so JSON.stringify gives the canonical JSON (host-logs.test.ts checks they agree).
 */
function rowId(header: LogHeader, row: Readonly<Record<string, string>>): string {
  return createHash('sha256')
    .update(`${header.hostIdentifier}\n${header.name}\n0\n0\nadded\n${JSON.stringify(row)}`)
    .digest('hex');
}

/** The host a log without host names belongs to: its file name without directories or extensions. */
export function hostFromFileName(file: string): string {
  const name = basename(file);
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
