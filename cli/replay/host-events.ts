/**
 * Host records read from other tools' logs (Linux audit, Sysmon for Linux) become the same result_event records an
 * osquery evented table writes (process_events, socket_events, file_events), so the enricher and the correlator
 * treat them exactly as they treat osquery's rows. The query name ends with the table name (`auditd_socket_events`),
 * which is how the enricher finds the table's mapping.
 */
import { basename } from 'node:path';
import { dedupeId } from '../../collector/loggers/kafka/messages.js';
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
  const row: Record<string, string> = {};
  for (const column of COLUMNS[table]) row[column] = values[column] ?? '';
  const seconds = Math.floor(timeMs / 1000);
  row.time = String(seconds);
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
