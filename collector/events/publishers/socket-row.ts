/**
 * socket_events rows from audit events (osquery's socket_events.cpp): the SYSCALL record names the action, the
 * process and the outcome; the SOCKADDR record holds the struct sockaddr the call passed (the peer for connect and
 * accept, the local address for bind). The options are osquery's audit_allow_* flags.
 */
import { AUDIT } from '../kernel/audit.js';
import { auditString, type AuditEvent, type AuditRecord } from '../kernel/audit-records.js';
import type { Row } from '../../engine/spec.js';

export type SocketAction = 'connect' | 'accept' | 'bind';

/** Syscall numbers of the audited calls per audit arch (AUDIT_ARCH_* in hex, as SYSCALL records print it). */
export const SOCKET_SYSCALLS: Readonly<Record<string, Readonly<Record<number, SocketAction>>>> = {
  c000003e: { 42: 'connect', 43: 'accept', 49: 'bind', 288: 'accept' }, // x86_64 (288 is accept4)
  c00000b7: { 203: 'connect', 202: 'accept', 200: 'bind', 242: 'accept' }, // aarch64 (242 is accept4)
};

export interface SocketRowOptions {
  allowFailed: boolean;
  allowUnix: boolean;
  allowAccept: boolean;
  allowNullAccept: boolean;
}

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const EINPROGRESS = -115;
const EAGAIN = -11;

export interface SocketAddress {
  family: number;
  address: string;
  port: number;
  /** AF_UNIX: the socket path ('@name' for the abstract namespace). */
  path: string;
}

/** RFC 5952 text of 16 address bytes (the WHATWG URL parser compresses zeros canonically). */
function ipv6Text(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** Decodes the SOCKADDR record's hex struct sockaddr (family in host order: little-endian on x86_64 and aarch64). */
export function decodeSockaddr(hex: string): SocketAddress | null {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hex) || hex.length < 4) return null;
  const raw = Buffer.from(hex, 'hex');
  const family = raw.readUInt16LE(0);
  if (family === AF_INET && raw.length >= 8) {
    return { family, port: raw.readUInt16BE(2), address: [...raw.subarray(4, 8)].join('.'), path: '' };
  }
  if (family === AF_INET6 && raw.length >= 24) {
    return { family, port: raw.readUInt16BE(2), address: ipv6Text(raw.subarray(8, 24)), path: '' };
  }
  if (family === AF_UNIX) {
    const name = raw.subarray(2);
    const abstract = name[0] === 0 && name.length > 1;
    const body = abstract ? name.subarray(1) : name;
    const end = body.indexOf(0);
    const text = (end < 0 ? body : body.subarray(0, end)).toString('utf8');
    return { family, port: 0, address: '', path: abstract ? `@${text}` : text };
  }
  return { family, port: 0, address: '', path: '' };
}

function statusOf(action: SocketAction, success: boolean, exit: number): string {
  if (success) return 'succeeded';
  if (action === 'connect' && exit === EINPROGRESS) return 'in_progress';
  if (action === 'accept' && exit === EAGAIN) return 'no_client';
  return 'failed';
}

function numberField(record: AuditRecord, key: string, radix = 10): number | null {
  const raw = record.fields.get(key);
  if (raw === undefined) return null;
  const value = parseInt(raw, radix);
  return Number.isFinite(value) ? value : null;
}

/** The socket_events row of one audit event, or null when it is not a socket call the options keep. */
export function socketRow(event: AuditEvent, options: SocketRowOptions, bootTime = 0): Row | null {
  const syscall = event.records.find((r) => r.type === AUDIT.SYSCALL);
  if (syscall === undefined) return null;
  const action = SOCKET_SYSCALLS[syscall.fields.get('arch') ?? '']?.[numberField(syscall, 'syscall') ?? -1];
  if (action === undefined || (action === 'accept' && !options.allowAccept)) return null;
  const success = syscall.fields.get('success') === 'yes';
  const exit = numberField(syscall, 'exit') ?? 0;
  const status = statusOf(action, success, exit);
  if (status === 'failed' && !options.allowFailed) return null;
  if (status === 'no_client' && !options.allowNullAccept) return null;
  const sockaddrRecord = event.records.find((r) => r.type === AUDIT.SOCKADDR);
  const address = sockaddrRecord === undefined ? null : decodeSockaddr(sockaddrRecord.fields.get('saddr') ?? '');
  const family = address?.family ?? 0;
  if (family === AF_UNIX && !options.allowUnix) return null;
  if (address !== null && family !== AF_INET && family !== AF_INET6 && family !== AF_UNIX) return null;
  const local = action === 'bind';
  const inet = family === AF_INET || family === AF_INET6;
  return {
    action,
    pid: numberField(syscall, 'pid'),
    path: auditString(syscall.fields.get('exe')),
    fd: String(numberField(syscall, 'a0', 16) ?? ''),
    auid: numberField(syscall, 'auid'),
    success: success ? 1 : 0,
    status,
    family,
    protocol: 0,
    local_address: local && inet ? (address?.address ?? '') : '',
    remote_address: !local && inet ? (address?.address ?? '') : '',
    local_port: local && inet ? (address?.port ?? 0) : 0,
    remote_port: !local && inet ? (address?.port ?? 0) : 0,
    socket: address?.path ?? '',
    time: Math.floor(event.time),
    uptime: bootTime > 0 ? Math.max(0, Math.floor(event.time - bootTime)) : null,
  };
}
