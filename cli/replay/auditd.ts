/**
 * Linux audit logs (auditd's audit.log, raw format) to host records. One audit event is several records sharing
 * `msg=audit(SECONDS.MS:SERIAL)` (SYSCALL, EXECVE, CWD, PATH, PROCTITLE, SOCKADDR, ending with EOE); the records
 * are grouped by serial (and `node=`), then:
 * - an execve (an EXECVE record, or the execve/execveat syscall) becomes a process_events row;
 * - a connect, accept or bind of an IPv4/IPv6 socket becomes a socket_events row, the address decoded from the
 *   SOCKADDR record's hex `saddr` (remote end for connect/accept, local end for bind), as osquery's audit-based
 *   socket_events fills them.
 * Hex-encoded values (auditd writes a value as hex when it holds spaces, quotes or control characters: proctitle,
 * EXECVE arguments, exe, cwd) are decoded. A line that is not an audit record is malformed (file:line); other events
 * (logins, sendmsg, unix sockets) are skipped. Both log formats are read: RAW and ENRICHED (the raw fields, then
 * the interpreted ones after a 0x1D byte, which are left aside).
 */
import { lineError, type RecordSource } from '../../sensors/parsers/normalize.js';
import { decodeSockaddr, type SocketAddress } from './sockaddr.js';
import { hostFromFileName, hostRecord, type HostRecord, type HostRecordOrigin, type HostTable } from './host-events.js';

const RECORD = /^(?:node=(\S+) )?type=(\S+) msg=audit\((\d+)\.(\d{1,9}):(\d+)\):?\s*(.*)$/;
const FIELD = /([\w[\]-]+)=(?:"([^"]*)"|'([^']*)'|(\S*))/g;
const ENRICHED_SEPARATOR = '\x1d';
/** Groups held waiting for their EOE; auditd writes an event's records together, so older ones are complete. */
const OPEN_GROUPS = 32;

interface AuditRecord {
  readonly type: string;
  readonly fields: Readonly<Record<string, string>>;
}

interface AuditGroup {
  readonly node: string | null;
  readonly serial: string;
  readonly timeMs: number;
  readonly records: AuditRecord[];
}

/** True when a line is an audit.log record (format detection). */
export function isAuditRecord(line: string): boolean {
  return RECORD.test(line);
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
  const open = new Map<string, AuditGroup>();
  const defaultHost = hostFromFileName(file);
  let skipped = 0;
  const emit = (group: AuditGroup): HostRecord[] => {
    const record = groupRecord(group, group.node ?? defaultHost);
    if (record === null) skipped++;
    return record === null ? [] : [record];
  };
  return {
    parse(line, at) {
      const text = line.trim();
      if (text === '') return [];
      const match = RECORD.exec(text);
      if (!match) throw lineError(at, 'not an audit record (`type=… msg=audit(SECONDS:SERIAL): …`)');
      const [, node, type, seconds, fraction, serial, rest] = match as unknown as string[];
      const key = `${node ?? ''}|${serial}`;
      let group = open.get(key);
      if (!group) {
        const timeMs = Number(seconds) * 1000 + Math.round(Number(`0.${fraction}`) * 1000);
        group = { node: node ?? null, serial: serial as string, timeMs, records: [] };
        open.set(key, group);
      }
      const out: HostRecord[] = [];
      if (type === 'EOE') {
        open.delete(key);
        out.push(...emit(group));
      } else {
        const name = recordType(type as string);
        // log_format=ENRICHED appends the interpreted fields (`ARCH=x86_64 SYSCALL=connect UID="root"`, `SADDR={…}`)
        // after a 0x1D separator: the raw fields before it are the ones read here.
        const raw = (rest ?? '').split(ENRICHED_SEPARATOR)[0] ?? '';
        group.records.push({ type: name, fields: parseFields(raw, name) });
      }
      while (open.size > OPEN_GROUPS) {
        const [oldestKey, oldest] = open.entries().next().value as [string, AuditGroup];
        open.delete(oldestKey);
        out.push(...emit(oldest));
      }
      return out;
    },
    finish() {
      const out = [...open.values()].flatMap(emit);
      open.clear();
      return out;
    },
    get skipped() {
      return skipped;
    },
  };
}

/** `UNKNOWN[1327]` is how old auditd versions name PROCTITLE. */
function recordType(type: string): string {
  return type === 'UNKNOWN[1327]' ? 'PROCTITLE' : type;
}

/** Fields auditd writes as untrusted strings (quoted, or hex when they hold spaces or special characters). */
const STRING_FIELDS = new Set(['exe', 'comm', 'cwd', 'proctitle', 'name', 'key', 'cmd']);
const EXECVE_ARGUMENT = /^a\d+(\[\d+\])?$/;

/** A record's `name=value` fields; untrusted strings left unquoted are hex and decoded, numbers stay as written. */
export function parseFields(text: string, type: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of text.matchAll(FIELD)) {
    const [, name, quoted, singleQuoted, bare] = match;
    if (name === undefined) continue;
    const quotedValue = quoted ?? singleQuoted;
    if (quotedValue !== undefined) fields[name] = quotedValue;
    else {
      const isString = STRING_FIELDS.has(name) || (type === 'EXECVE' && EXECVE_ARGUMENT.test(name));
      fields[name] = isString ? decodeHexValue(bare ?? '') : (bare ?? '');
    }
  }
  return fields;
}

/** auditd writes a string it did not quote as hex; NULs (argument separators in proctitle) read as spaces. */
export function decodeHexValue(value: string): string {
  if (value.length < 2 || value.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(value)) return value;
  return Buffer.from(value, 'hex').toString('utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
}

/** Syscall numbers by audit arch: only the ones that start programs or open network sockets. */
const SYSCALLS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  c000003e: { '59': 'execve', '322': 'execveat', '42': 'connect', '43': 'accept', '288': 'accept', '49': 'bind' },
  c00000b7: { '221': 'execve', '281': 'execveat', '203': 'connect', '202': 'accept', '242': 'accept', '200': 'bind' },
  '40000003': { '11': 'execve', '358': 'execveat', '362': 'connect', '361': 'bind', '364': 'accept' },
};

function syscallName(syscall: Readonly<Record<string, string>>): string | null {
  const number = syscall.syscall ?? '';
  if (!/^\d+$/.test(number)) return number === '' ? null : number; // already a name (interpreted logs)
  return SYSCALLS[syscall.arch ?? '']?.[number] ?? null;
}

function groupRecord(group: AuditGroup, host: string): HostRecord | null {
  const find = (type: string): Readonly<Record<string, string>> | undefined =>
    group.records.find((r) => r.type === type)?.fields;
  const syscall = find('SYSCALL');
  if (!syscall) return null;
  const name = syscallName(syscall);
  const origin = (table: HostTable): HostRecordOrigin => ({
    source: 'auditd',
    table,
    hostIdentifier: host,
    timeMs: group.timeMs,
  });
  const execve = find('EXECVE');
  if (execve || name === 'execve' || name === 'execveat')
    return hostRecord(origin('process_events'), processColumns(group, syscall, find));
  if (name !== 'connect' && name !== 'accept' && name !== 'bind') return null;
  const sockaddr = find('SOCKADDR');
  const address = sockaddr?.saddr ? decodeSockaddr(sockaddr.saddr) : null;
  if (address === null) return null; // unix, netlink and other non-IP sockets
  return hostRecord(origin('socket_events'), socketColumns(group, syscall, name, address));
}

type Fields = Readonly<Record<string, string>>;

function identity(syscall: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ['auid', 'uid', 'euid', 'gid', 'egid', 'fsuid', 'suid', 'fsgid', 'sgid'])
    out[id] = syscall[id] ?? '';
  return out;
}

function processColumns(
  group: AuditGroup,
  syscall: Fields,
  find: (type: string) => Fields | undefined,
): Record<string, string> {
  const execve = find('EXECVE');
  const cmdline = execve ? argumentsOf(execve).join(' ') : (find('PROCTITLE')?.proctitle ?? '');
  return {
    ...identity(syscall),
    pid: syscall.pid ?? '',
    parent: syscall.ppid ?? '',
    path: syscall.exe ?? '',
    cmdline,
    cmdline_size: String(Buffer.byteLength(cmdline)),
    cwd: find('CWD')?.cwd ?? '',
    eid: group.serial,
    status: syscall.exit ?? '',
    syscall: syscallName(syscall) ?? 'execve',
  };
}

/** EXECVE's a0…a(argc-1); a long argument comes in pieces `aN[0]`, `aN[1]`… after `aN_len`. */
export function argumentsOf(execve: Readonly<Record<string, string>>): string[] {
  const argc = Number(execve.argc ?? 0);
  const args: string[] = [];
  for (let i = 0; i < argc; i++) {
    const whole = execve[`a${i}`];
    if (whole !== undefined) {
      args.push(whole);
      continue;
    }
    let joined = '';
    for (let part = 0; execve[`a${i}[${part}]`] !== undefined; part++) joined += execve[`a${i}[${part}]`];
    args.push(joined);
  }
  return args;
}

function socketColumns(
  group: AuditGroup,
  syscall: Fields,
  action: string,
  address: SocketAddress,
): Record<string, string> {
  const local = action === 'bind';
  return {
    action,
    pid: syscall.pid ?? '',
    path: syscall.exe ?? '',
    fd: hexToDecimal(syscall.a0),
    auid: syscall.auid ?? '',
    family: String(address.family),
    // The audit record does not say; osquery leaves it empty too.
    protocol: '',
    local_address: local ? address.ip : '',
    local_port: local ? String(address.port) : '',
    remote_address: local ? '' : address.ip,
    remote_port: local ? '' : String(address.port),
    eid: group.serial,
    success: syscall.success === 'yes' ? '1' : '0',
    status: syscall.exit ?? '',
  };
}

/** SYSCALL's a0…a3 are hex; for connect/bind/accept a0 is the socket's fd. */
function hexToDecimal(value: string | undefined): string {
  if (value === undefined || !/^[0-9a-f]+$/i.test(value)) return '';
  return String(Number.parseInt(value, 16));
}
