/**
 * Linux audit logs (auditd's audit.log, RAW or ENRICHED format) to host records, through the collector's own audit
 * code: each line is parsed by `parseAuditRecord` (the kernel record reader), grouped into events by its
 * `msg=audit(SECONDS.MS:SERIAL)` stamp (and `node=`), and each event becomes the row the audit publishers would
 * write live — `auditProcessRow` (process_events) and `socketRow` (socket_events) — so a replayed audit log and
 * osprey's own audit tables give the same rows. Only IPv4/IPv6 socket calls become socket rows (attribution needs
 * an address); other events (logins, sendmsg, unix sockets) are skipped. A line that is not an audit record is
 * malformed (file:line).
 */
import { AUDIT } from '../../collector/events/kernel/audit.js';
import { parseAuditRecord, type AuditEvent } from '../../collector/events/kernel/audit-records.js';
import { AUDIT_EXECVE, auditProcessRow } from '../../collector/events/publishers/audit-process-row.js';
import { socketRow, type SocketRowOptions } from '../../collector/events/publishers/socket-row.js';
import type { Row } from '../../collector/engine/spec.js';
import { lineError, type RecordSource } from '../../sensors/parsers/normalize.js';
import { hostFromFileName, hostRecord, type HostRecord, type HostTable } from './host-events.js';

/** EOE records have no `:` after the stamp (`type=EOE msg=audit(1492037291.036:59)`). */
const LINE = /^(?:node=(\S+) )?type=(\S+) msg=(audit\(\d+\.\d{1,9}:(\d+)\)):?\s*(.*)$/;
/** log_format=ENRICHED appends the interpreted fields after a 0x1D byte; the raw fields before it are read. */
const ENRICHED_SEPARATOR = '\x1d';
/** Groups held waiting for their EOE; auditd writes an event's records together, so older ones are complete. */
const OPEN_GROUPS = 32;

/** Record type numbers by the names audit.log prints (`UNKNOWN[1327]` is how old auditd versions name PROCTITLE). */
const RECORD_TYPES: Readonly<Record<string, number>> = {
  SYSCALL: AUDIT.SYSCALL,
  PATH: AUDIT.PATH,
  SOCKADDR: AUDIT.SOCKADDR,
  CWD: AUDIT.CWD,
  EOE: AUDIT.EOE,
  PROCTITLE: AUDIT.PROCTITLE,
  EXECVE: AUDIT_EXECVE,
};

/** osquery's audit flag defaults, except that accept is kept: a flow's responder side is a process too. */
const SOCKET_OPTIONS: SocketRowOptions = {
  allowFailed: false,
  allowUnix: false,
  allowAccept: true,
  allowNullAccept: false,
};
const AF_INET = 2;
const AF_INET6 = 10;

interface OpenGroup {
  readonly node: string | null;
  readonly event: AuditEvent;
}

/** True when a line is an audit.log record (format detection). */
export function isAuditRecord(line: string): boolean {
  return LINE.test(line);
}

export interface AuditParser {
  /** Reads one line; returns the host records of the events it completed. */
  parse(line: string, at: RecordSource): HostRecord[];
  /** The events still open at the end of the file. */
  finish(): HostRecord[];
  /** Events that were neither a process start nor a network socket call. */
  readonly skipped: number;
}

export function createAuditParser(file: string): AuditParser {
  const open = new Map<string, OpenGroup>();
  const defaultHost = hostFromFileName(file);
  let skipped = 0;
  const emit = (group: OpenGroup, out: HostRecord[]): void => {
    const record = eventRecord(group.event, group.node ?? defaultHost);
    if (record === null) skipped++;
    else out.push(record);
  };
  return {
    parse(line, at) {
      const text = line.trim();
      if (text === '') return [];
      const match = LINE.exec(text);
      if (!match) throw lineError(at, 'not an audit record (`type=… msg=audit(SECONDS:SERIAL): …`)');
      const [, node, typeName = '', stamp = '', serial, fields = ''] = match;
      const key = `${node ?? ''}|${serial}`;
      const type = recordType(typeName);
      const record =
        type === null ? null : parseAuditRecord(type, `${stamp}: ${fields.split(ENRICHED_SEPARATOR)[0] ?? ''}`);
      let group = open.get(key);
      if (group === undefined && record !== null) {
        group = { node: node ?? null, event: { time: record.time, serial: record.serial, records: [] } };
        open.set(key, group);
      }
      const out: HostRecord[] = [];
      if (record?.type === AUDIT.EOE) {
        open.delete(key);
        if (group !== undefined) emit(group, out);
      } else if (record !== null) group?.event.records.push(record);
      for (const [oldestKey, oldest] of open) {
        if (open.size <= OPEN_GROUPS) break;
        open.delete(oldestKey);
        emit(oldest, out);
      }
      return out;
    },
    finish() {
      const out: HostRecord[] = [];
      for (const group of open.values()) emit(group, out);
      open.clear();
      return out;
    },
    get skipped() {
      return skipped;
    },
  };
}

/** The record types a process or socket row reads; null for the others (logins, AVCs…), which are not kept. */
function recordType(name: string): number | null {
  const known = RECORD_TYPES[name];
  if (known !== undefined) return known;
  const numbered = /^UNKNOWN\[(\d+)\]$/.exec(name);
  return numbered !== null && Number(numbered[1]) === AUDIT.PROCTITLE ? AUDIT.PROCTITLE : null;
}

/** The process_events or socket_events record of one event, or null when it is neither. */
function eventRecord(event: AuditEvent, hostIdentifier: string): HostRecord | null {
  const row = hostRow(event);
  if (row === null) return null;
  const timeMs = Math.round(event.time * 1000);
  const columns = { ...textColumns(row.columns), eid: String(event.serial) };
  return hostRecord({ source: 'auditd', table: row.table, hostIdentifier, timeMs }, columns);
}

function hostRow(event: AuditEvent): { table: HostTable; columns: Row } | null {
  const process = auditProcessRow(event, false);
  if (process !== null) return { table: 'process_events', columns: process };
  const socket = socketRow(event, SOCKET_OPTIONS);
  if (socket === null || (socket.family !== AF_INET && socket.family !== AF_INET6)) return null;
  return { table: 'socket_events', columns: socket };
}

/** Result logs carry every column as text; NULL is ''. */
function textColumns(row: Row): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(row))
    out[name] = value === null || value === undefined ? '' : String(value);
  return out;
}
