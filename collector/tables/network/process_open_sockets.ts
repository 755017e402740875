/**
 * process_open_sockets, as osquery's genOpenSockets (tables/networking/linux/process_open_sockets.cpp): for every
 * process (or the pids in `pid = …`), map its socket inodes to (pid, fd); read each network namespace's socket
 * tables once, through the first process seen in it; then join. Sockets nobody holds (TIME_WAIT, other users' when
 * not root) get pid -1 and fd -1, unless the query filters on pid.
 */
import { statSync } from 'node:fs';
import type { QueryContext, Row } from '../../engine/spec.js';
import { pidsFromContext } from '../lib/proc.js';
import { netNamespaceOf, readNamespaceSockets, socketInodesOf, type SocketInfo } from '../lib/proc-sockets.js';
import { isGone } from '../lib/read.js';

export interface OpenSocket extends SocketInfo {
  pid: number;
  fd: number;
}

export function* genProcessOpenSockets(ctx: QueryContext): Iterable<Row> {
  for (const s of collectOpenSockets(ctx)) {
    yield {
      pid: s.pid,
      fd: s.fd,
      socket: s.socket,
      family: s.family,
      protocol: s.protocol,
      local_address: s.localAddress,
      remote_address: s.remoteAddress,
      local_port: s.localPort,
      remote_port: s.remotePort,
      path: s.path,
      state: s.state,
      net_namespace: String(s.netNamespace),
    };
  }
}

/** The joined sockets; shared with listening_ports, which osquery builds from this table. */
export function collectOpenSockets(ctx: QueryContext): OpenSocket[] {
  const pidFilter = ctx.equals('pid').length > 0;
  const pids = pidsFromContext(ctx);
  // Without a pid filter and without pid/fd in the query, the per-fd readlink walk is pure cost.
  const needOwners = pidFilter || ctx.used('pid') || ctx.used('fd');
  const owners = new Map<number, { pid: number; fd: number }>();
  const seen = { namespaces: new Set<number>(), tables: new Set<number>() };
  const sockets: SocketInfo[] = [];
  const unknownNamespace: number[] = [];
  for (const pid of pids) {
    if (needOwners) readOwners(ctx, pid, owners);
    const ns = netNamespaceOf(pid);
    if (ns === 0) unknownNamespace.push(pid);
    if (ns === 0 || seen.namespaces.has(ns)) continue;
    seen.namespaces.add(ns);
    seen.tables.add(tcpTableInode(pid));
    sockets.push(...readNamespaceSockets(pid, ns, (reason) => ctx.errors.skip(reason)));
  }
  for (const pid of unknownNamespace) sockets.push(...unlabelledSockets(ctx, pid, seen.tables, sockets));
  const out: OpenSocket[] = [];
  for (const s of sockets) {
    const owner = owners.get(s.socket);
    if (owner) out.push({ ...s, pid: owner.pid, fd: owner.fd });
    else if (!pidFilter) out.push({ ...s, pid: -1, fd: -1 });
  }
  return out;
}

/**
 * A process whose /proc/<pid>/ns/net cannot be read (EACCES on a sandbox's init, for one). osquery reads its
 * socket tables once more under namespace 0 and so reports every socket twice. Osprey first tells namespaces apart
 * by the inode of their /proc/<pid>/net/tcp (each network namespace has its own proc entries): a namespace already
 * read is skipped; otherwise its sockets not seen yet are added, still under namespace 0.
 */
function unlabelledSockets(ctx: QueryContext, pid: number, tables: Set<number>, known: SocketInfo[]): SocketInfo[] {
  const table = tcpTableInode(pid);
  if (table !== 0 && tables.has(table)) return [];
  if (table !== 0) tables.add(table);
  const seen = new Set(known.map(socketKey));
  return readNamespaceSockets(pid, 0, (reason) => ctx.errors.skip(reason)).filter((s) => !seen.has(socketKey(s)));
}

function tcpTableInode(pid: number): number {
  try {
    return statSync(`/proc/${pid}/net/tcp`).ino;
  } catch {
    return 0;
  }
}

function socketKey(s: SocketInfo): string {
  return s.socket !== 0
    ? `inode:${s.socket}`
    : `${s.family}/${s.protocol}/${s.localAddress}:${s.localPort}/${s.remoteAddress}:${s.remotePort}/${s.state}`;
}

function readOwners(ctx: QueryContext, pid: number, owners: Map<number, { pid: number; fd: number }>): void {
  try {
    socketInodesOf(pid, owners);
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot list /proc/${pid}/fd`, err);
  }
}
