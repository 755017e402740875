/**
 * What the daemon's output stage hands its logger plugins while it watches a fleet: per host, one execution of each
 * host-inventory query (system_info, os_version, interface_addresses, osquery_info, users: the host identity the
 * enricher joins on), then every interval a process_events, a socket_events and a processes execution with several
 * added rows each (docs/osquery-compatibility.md §2.1 field order). Rows start from the captured fixture rows and
 * vary pid, parent, paths and addresses so joins and rules see realistic diversity.
 */
import type { DiffRecord, LoggedRow, LogRecord } from '../../collector/loggers/types.js';
import { fixtureRow, INVENTORY_FIXTURES } from './enricher-fixtures.js';

export interface WorkloadShape {
  readonly hosts: number;
  /** Query intervals per host. */
  readonly intervals: number;
  /** Added rows per execution of each activity query. */
  readonly processEvents: number;
  readonly socketEvents: number;
  readonly processes: number;
}

export interface Workload {
  readonly records: LogRecord[];
  /** Result rows in all records: each becomes one result_event on the bus and one document in the store. */
  readonly rows: number;
}

const START = 1_795_326_000;
const INTERVAL_S = 10;
const BINARIES = [
  '/usr/bin/curl',
  '/usr/bin/bash',
  '/usr/bin/python3',
  '/usr/sbin/sshd',
  '/usr/bin/cat',
  '/usr/bin/nc',
];

function calendarTime(unixTime: number): string {
  return new Date(unixTime * 1000).toUTCString().replace('GMT', 'UTC');
}

function diff(name: string, host: string, at: { unixTime: number; counter: number }, added: LoggedRow[]): DiffRecord {
  const { unixTime, counter } = at;
  return {
    kind: 'diff',
    name,
    hostIdentifier: host,
    calendarTime: calendarTime(unixTime),
    unixTime,
    epoch: 0,
    counter,
    numerics: false,
    decorations: { host_uuid: `uuid-${host}` },
    removed: [],
    added,
  };
}

function inventory(host: string, h: number): DiffRecord[] {
  const uuid = `4c4c4544-0000-4000-8000-${String(h).padStart(12, '0')}`;
  return [...INVENTORY_FIXTURES, 'users'].map((fixture) => {
    const row = fixtureRow(fixture);
    const columns: Record<string, string | number> = { ...(row.columns as Record<string, string>) };
    if ('hostname' in columns) columns.hostname = host;
    if ('computer_name' in columns) columns.computer_name = host;
    if ('local_hostname' in columns) columns.local_hostname = host;
    if ('uuid' in columns && fixture !== 'users') columns.uuid = uuid;
    if (fixture === 'interface_addresses') columns.address = `10.${(h >> 8) & 255}.${h & 255}.15`;
    return diff(row.name, host, { unixTime: START, counter: 0 }, [columns]);
  });
}

function activity(host: string, h: number, interval: number, shape: WorkloadShape): DiffRecord[] {
  const now = START + interval * INTERVAL_S;
  const at = { unixTime: now, counter: interval + 1 };
  const base = 20_000 + interval * 100;
  const processEvent = fixtureRow('process_events').columns as Record<string, string>;
  const socketEvent = fixtureRow('socket_events').columns as Record<string, string>;
  const processRow = fixtureRow('processes');
  const pid = (i: number): string => String(base + i);
  const exe = (i: number): string => BINARIES[(h + i) % BINARIES.length] ?? '/usr/bin/true';
  const execs = Array.from({ length: shape.processEvents }, (_, i) => ({
    ...processEvent,
    pid: pid(i),
    parent: i === 0 ? '1' : pid(i - 1),
    path: exe(i),
    cmdline: `${exe(i)} --run ${interval}-${i}`,
    time: String(now - 1),
    eid: String(interval * 1000 + i),
  }));
  const sockets = Array.from({ length: shape.socketEvents }, (_, i) => ({
    ...socketEvent,
    pid: pid(i % shape.processEvents),
    path: exe(i % shape.processEvents),
    remote_address: `203.0.${(h + i) & 255}.${(interval * 7 + i) & 255}`,
    remote_port: String(i % 2 === 0 ? 443 : 22),
    time: String(now - 1),
    eid: String(interval * 1000 + 500 + i),
  }));
  const procs = Array.from({ length: shape.processes }, (_, i) => ({
    ...(processRow.columns as Record<string, string>),
    pid: pid(i),
    parent: i === 0 ? '1' : pid(i - 1),
    name: exe(i).split('/').at(-1) ?? 'true',
    path: exe(i),
    cmdline: `${exe(i)} --run ${interval}-${i}`,
    start_time: String(now - 2),
  }));
  return [
    diff('process_events', host, at, execs),
    diff('socket_events', host, at, sockets),
    diff(processRow.name, host, at, procs),
  ];
}

/** Records in the order the daemon would log them: every host's inventory first, then interval after interval. */
export function daemonWorkload(shape: WorkloadShape): Workload {
  const payloads: DiffRecord[] = [];
  const hosts = Array.from({ length: shape.hosts }, (_, h) => `host-${h}`);
  hosts.forEach((host, h) => payloads.push(...inventory(host, h)));
  for (let interval = 0; interval < shape.intervals; interval++)
    hosts.forEach((host, h) => payloads.push(...activity(host, h, interval, shape)));
  return {
    records: payloads.map((payload, seq) => ({ seq, payload })),
    rows: payloads.reduce((sum, p) => sum + p.added.length + p.removed.length, 0),
  };
}
