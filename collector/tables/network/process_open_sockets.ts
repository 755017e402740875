/**
 * process_open_sockets, as osquery's genOpenSockets (tables/networking/linux/process_open_sockets.cpp): for every
 * process (or the pids in `pid = …`), map its socket inodes to (pid, fd); read each network namespace's socket
 * tables once, through the first process seen in it; then join. Sockets nobody holds (TIME_WAIT, other users' when
 * not root) get pid -1 and fd -1, unless the query filters on pid.
 */
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
  const seenNamespaces = new Set<number>();
  const sockets: SocketInfo[] = [];
  for (const pid of pids) {
    if (needOwners) readOwners(ctx, pid, owners);
    const ns = netNamespaceOf(pid);
    if (seenNamespaces.has(ns)) continue;
    seenNamespaces.add(ns);
    sockets.push(...readNamespaceSockets(pid, ns, (reason) => ctx.errors.skip(reason)));
  }
  const out: OpenSocket[] = [];
  for (const s of sockets) {
    const owner = owners.get(s.socket);
    if (owner) out.push({ ...s, pid: owner.pid, fd: owner.fd });
    else if (!pidFilter) out.push({ ...s, pid: -1, fd: -1 });
  }
  return out;
}

function readOwners(ctx: QueryContext, pid: number, owners: Map<number, { pid: number; fd: number }>): void {
  try {
    socketInodesOf(pid, owners);
  } catch (err) {
    if (!isGone(err)) ctx.errors.skip(`cannot list /proc/${pid}/fd`, err);
  }
}
