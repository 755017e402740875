/**
 * Sysmon for Linux in syslog: each event is one line, `… sysmon: <Event>…</Event>`, the event's fields in
 * `<Data Name="…">value</Data>` elements (XML text, entities escaped). A small extractor reads the few elements
 * needed (no XML library: the events are flat and written by one program). Mapped as osquery's tables:
 * - EventID 1 (process create) → process_events (execve), EventID 5 (process terminated) → process_events (exit);
 * - EventID 3 (network connect) → socket_events with both ends, so the correlator matches the flow's 5-tuple;
 * - EventID 11 (file create) / 23 (file delete) → file_events.
 * Lines without a Sysmon event (other programs' syslog lines) and other event ids are skipped; a Sysmon line that is
 * cut short or has no usable time is malformed (file:line).
 */
import { isoToMs, lineError, type RecordSource } from '../../sensors/parsers/normalize.js';
import { hostRecord, type HostRecord, type HostRecordOrigin, type HostTable } from './host-events.js';

const PROVIDER = '<Provider Name="Linux-Sysmon"';
const DATA = /<Data Name="([^"]+)"(?:\s*\/>|>([^<]*)<\/Data>)/g;

/** True when a syslog line carries a Sysmon for Linux event (format detection). */
export function isSysmonLine(line: string): boolean {
  return line.includes(PROVIDER) && line.includes('<Event');
}

export interface SysmonEvent {
  readonly eventId: number;
  readonly computer: string;
  /** Event time (ms): the event's UtcTime, else the record's TimeCreated. */
  readonly time: number;
  readonly data: Readonly<Record<string, string>>;
}

/** The event a line carries; null for a line with no Sysmon event; throws for a broken one. */
export function parseSysmonEvent(line: string, at: RecordSource): SysmonEvent | null {
  const start = line.indexOf('<Event');
  if (start < 0 || !line.includes(PROVIDER, start)) return null;
  const end = line.indexOf('</Event>', start);
  if (end < 0) throw lineError(at, 'Sysmon event cut short (no `</Event>`)');
  const xml = line.slice(start, end);
  const eventId = Number(element(xml, 'EventID'));
  if (!Number.isInteger(eventId)) throw lineError(at, 'Sysmon event without an EventID');
  const data: Record<string, string> = {};
  for (const match of xml.matchAll(DATA)) data[match[1] as string] = unescapeXml(match[2] ?? '');
  const time = utcTime(data.UtcTime) ?? Date.parse(/<TimeCreated SystemTime="([^"]+)"/.exec(xml)?.[1] ?? '');
  if (!Number.isFinite(time)) throw lineError(at, 'Sysmon event without a readable UtcTime or TimeCreated');
  return { eventId, computer: unescapeXml(element(xml, 'Computer') ?? ''), time, data };
}

function element(xml: string, name: string): string | null {
  const open = xml.indexOf(`<${name}>`);
  if (open < 0) return null;
  const from = open + name.length + 2;
  const close = xml.indexOf(`</${name}>`, from);
  return close < 0 ? null : xml.slice(from, close);
}

/** Sysmon's `2022-11-24 09:59:47.930` is UTC (read by arithmetic; Date.parse only for other shapes). */
function utcTime(text: string | undefined): number | null {
  if (!text) return null;
  return isoToMs(`${text.replace(' ', 'T')}Z`);
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_all, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? '';
  });
}

/** Sysmon writes `-` for a value it does not have. */
function value(data: Readonly<Record<string, string>>, name: string): string {
  const text = data[name];
  return text === undefined || text === '-' ? '' : text;
}

function origin(event: SysmonEvent, hostIdentifier: string, table: HostTable): HostRecordOrigin {
  return { source: 'sysmon', table, hostIdentifier, timeMs: event.time };
}

const PROTOCOLS: Readonly<Record<string, string>> = { tcp: '6', udp: '17' };

/** The host record an event maps to; null for event ids Osprey has no table for. */
export function sysmonRecord(event: SysmonEvent, fallbackHost: string): HostRecord | null {
  const host = event.computer || fallbackHost;
  const d = event.data;
  switch (event.eventId) {
    case 1:
      return hostRecord(origin(event, host, 'process_events'), {
        pid: value(d, 'ProcessId'),
        parent: value(d, 'ParentProcessId'),
        path: value(d, 'Image'),
        cmdline: value(d, 'CommandLine'),
        cwd: value(d, 'CurrentDirectory'),
        syscall: 'execve',
      });
    case 5:
      return hostRecord(origin(event, host, 'process_events'), {
        pid: value(d, 'ProcessId'),
        path: value(d, 'Image'),
        syscall: 'exit',
      });
    case 3:
      return networkRecord(event, host);
    case 11:
    case 23:
      return hostRecord(origin(event, host, 'file_events'), {
        target_path: value(d, 'TargetFilename'),
        action: event.eventId === 11 ? 'CREATED' : 'DELETED',
        category: 'sysmon',
      });
    default:
      return null;
  }
}

/** Initiated=true: this host's process opened the connection, so Source is the local end; else Destination is. */
function networkRecord(event: SysmonEvent, host: string): HostRecord {
  const d = event.data;
  const initiated = value(d, 'Initiated') !== 'false';
  const [local, remote] = initiated ? ['Source', 'Destination'] : ['Destination', 'Source'];
  return hostRecord(origin(event, host, 'socket_events'), {
    action: initiated ? 'connect' : 'accept',
    pid: value(d, 'ProcessId'),
    path: value(d, 'Image'),
    family: value(d, 'SourceIsIpv6') === 'true' ? '10' : '2',
    protocol: PROTOCOLS[value(d, 'Protocol').toLowerCase()] ?? '',
    local_address: value(d, `${local}Ip`),
    local_port: value(d, `${local}Port`),
    remote_address: value(d, `${remote}Ip`),
    remote_port: value(d, `${remote}Port`),
    success: '1',
  });
}
