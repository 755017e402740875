/**
 * Socket tables of a network namespace (/proc/<pid>/net/{tcp,udp,…,unix}) and the socket inodes a process holds
 * (/proc/<pid>/fd/* -> `socket:[inode]`): the two halves osquery's process_open_sockets joins (filesystem/linux/proc.cpp).
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { decodeProcIpv4, decodeProcIpv6 } from './net-address.js';
import { PROC } from './proc.js';
import { isGone, readTextIfExists } from './read.js';

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;

/** osquery's kLinuxProtocolNames, in its (numeric) iteration order. */
export const INET_PROTOCOLS: ReadonlyArray<{ number: number; file: string }> = [
  { number: 1, file: 'icmp' },
  { number: 6, file: 'tcp' },
  { number: 17, file: 'udp' },
  { number: 136, file: 'udplite' },
  { number: 255, file: 'raw' },
];

/** Index = the `st` field of /proc/net/tcp (include/net/tcp_states.h). */
const TCP_STATES = [
  'UNKNOWN',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
];

export interface SocketInfo {
  socket: number;
  family: number;
  protocol: number;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  path: string;
  state: string;
  netNamespace: number;
}

export type BadLine = (reason: string) => void;

/** Inode of a process's network namespace (`net:[4026531840]`), or 0 when it cannot be read, as osquery does. */
export function netNamespaceOf(pid: number | string): number {
  try {
    const match = /^net:\[(\d+)\]$/.exec(readlinkSync(`${PROC}/${pid}/ns/net`));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Every socket of the namespace `pid` lives in: inet families per protocol, then AF_UNIX (osquery's order). */
export function readNamespaceSockets(pid: number | string, ns: number, bad: BadLine): SocketInfo[] {
  const out: SocketInfo[] = [];
  for (const proto of INET_PROTOCOLS) {
    for (const family of [AF_INET, AF_INET6]) {
      const path = `${PROC}/${pid}/net/${proto.file}${family === AF_INET6 ? '6' : ''}`;
      const text = readTextIfExists(path);
      if (text !== null) parseInetTable(text, { family, protocol: proto.number, ns, path }, out, bad);
    }
  }
  const unixPath = `${PROC}/${pid}/net/unix`;
  const unix = readTextIfExists(unixPath);
  if (unix !== null) parseUnixTable(unix, { ns, path: unixPath }, out, bad);
  return out;
}

interface InetSource {
  family: number;
  protocol: number;
  ns: number;
  path: string;
}

/** Parses /proc/net/{tcp,udp,raw,…}[6]; lines that do not have the expected shape are reported and skipped. */
export function parseInetTable(text: string, src: InetSource, out: SocketInfo[], bad: BadLine): void {
  const lines = text.split('\n');
  const header = lines[0]?.trimStart() ?? '';
  if (!header.startsWith('sl') && !header.startsWith('sk')) {
    bad(`invalid header in ${src.path}`);
    return;
  }
  const decode = src.family === AF_INET6 ? decodeProcIpv6 : decodeProcIpv4;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const fields = line.trim().split(/\s+/);
    const local = fields[1]?.split(':') ?? [];
    const remote = fields[2]?.split(':') ?? [];
    if (fields.length < 10 || local.length !== 2 || remote.length !== 2) {
      bad(`malformed line ${i + 1} in ${src.path}`);
      continue;
    }
    const state = Number.parseInt(fields[3] ?? '', 16);
    out.push({
      socket: Number(fields[9]),
      family: src.family,
      protocol: src.protocol,
      localAddress: decode(local[0] ?? ''),
      localPort: Number.parseInt(local[1] ?? '', 16) || 0,
      remoteAddress: decode(remote[0] ?? ''),
      remotePort: Number.parseInt(remote[1] ?? '', 16) || 0,
      path: '',
      state: src.protocol === 6 ? (TCP_STATES[state] ?? 'UNKNOWN') || 'UNKNOWN' : '',
      netNamespace: src.ns,
    });
  }
}

/** Parses /proc/net/unix: `Num RefCount Protocol Flags Type St Inode [Path]`. */
export function parseUnixTable(text: string, src: { ns: number; path: string }, out: SocketInfo[], bad: BadLine): void {
  const lines = text.split('\n');
  if (!(lines[0] ?? '').startsWith('Num')) {
    bad(`invalid header in ${src.path}`);
    return;
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const fields = line.trim().split(/\s+/);
    if (fields.length < 7) {
      bad(`malformed line ${i + 1} in ${src.path}`);
      continue;
    }
    out.push({
      socket: Number(fields[6]),
      family: AF_UNIX,
      protocol: Number.parseInt(fields[2] ?? '0', 16) || 0,
      localAddress: '',
      localPort: 0,
      remoteAddress: '',
      remotePort: 0,
      // Paths may contain spaces; everything after the inode is the path (abstract names start with '@').
      path: fields.length >= 8 ? fields.slice(7).join(' ') : '',
      state: '',
      netNamespace: src.ns,
    });
  }
}

/** The socket inodes a process holds, mapped to the fd number. Throws when /proc/<pid>/fd cannot be listed. */
export function socketInodesOf(pid: number, into: Map<number, { pid: number; fd: number }>): void {
  const dir = `${PROC}/${pid}/fd`;
  for (const fd of readdirSync(dir)) {
    let link: string;
    try {
      link = readlinkSync(`${dir}/${fd}`);
    } catch (err) {
      if (isGone(err)) continue; // closed between readdir and readlink
      throw err;
    }
    if (link.startsWith('socket:[')) into.set(Number(link.slice(8, -1)), { pid, fd: Number(fd) });
  }
}
