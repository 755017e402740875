/**
 * The join: which host process owned a flow's socket. Host by IP first (an address a host reports narrows the
 * candidates to that host; loopback and unknown addresses do not), then the exact 5-tuple from the local side,
 * then a listener on the local port, within the match window around the socket's lifetime.
 */
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import type { AttributionConfig } from './config.js';
import type { HostAddressIndex } from './endpoint-state.js';
import { isEntryList, type SocketEntries, type SocketEntry, type SocketIndex } from './socket-index.js';
import { canonicalIp, isLoopback, isWildcard } from './ip.js';

export type FlowSide = 'source' | 'destination';

export interface SocketMatch {
  readonly entry: SocketEntry;
  /** Which end of the flow is the host's socket. */
  readonly side: FlowSide;
  /** remote_endpoint: only the remote end of a connect call matched (remote-connects.ts), a low-confidence guess. */
  readonly via: 'five_tuple' | 'listener' | 'remote_endpoint';
  /** Milliseconds between the flow time and the socket's observed lifetime (0 = inside it). */
  readonly distanceMs: number;
}

export interface FlowTuple {
  readonly transport: string;
  readonly srcIp: string;
  readonly srcPort: number;
  readonly dstIp: string;
  readonly dstPort: number;
  readonly time: number;
}

export function flowTuple(flow: NetworkEventInput): FlowTuple | null {
  const transport = flow.network?.transport;
  const srcIp = flow.source?.ip;
  const dstIp = flow.destination?.ip;
  const srcPort = flow.source?.port;
  const dstPort = flow.destination?.port;
  if (
    !transport ||
    !srcIp ||
    !dstIp ||
    srcPort === null ||
    srcPort === undefined ||
    dstPort === null ||
    dstPort === undefined
  ) {
    return null;
  }
  return { transport, srcIp: canonicalIp(srcIp), srcPort, dstIp: canonicalIp(dstIp), dstPort, time: flow.timestamp };
}

/** The best match, source side first (the initiator in Zeek conn logs), exact 5-tuples before listeners. */
export function resolveFlow(
  tuple: FlowTuple,
  sockets: SocketIndex,
  hosts: HostAddressIndex,
  config: AttributionConfig,
): SocketMatch | null {
  return (
    bestOf(
      sockets.connected(tuple.transport, tuple.srcIp, tuple.srcPort, tuple.dstIp, tuple.dstPort),
      'source',
      'five_tuple',
      tuple,
      hosts,
      config,
    ) ??
    bestOf(
      sockets.connected(tuple.transport, tuple.dstIp, tuple.dstPort, tuple.srcIp, tuple.srcPort),
      'destination',
      'five_tuple',
      tuple,
      hosts,
      config,
    ) ??
    bestOf(sockets.listeners(tuple.transport, tuple.dstPort), 'destination', 'listener', tuple, hosts, config) ??
    bestOf(sockets.listeners(tuple.transport, tuple.srcPort), 'source', 'listener', tuple, hosts, config)
  );
}

function bestOf(
  entries: SocketEntries,
  side: FlowSide,
  via: SocketMatch['via'],
  tuple: FlowTuple,
  hosts: HostAddressIndex,
  config: AttributionConfig,
): SocketMatch | null {
  // A lone entry is not wrapped in an array (socket-index.ts): index the two shapes alike, with no closure per flow.
  const list = isEntryList(entries);
  const count = list ? entries.length : 1;
  if (count === 0) return null;
  const localIp = side === 'source' ? tuple.srcIp : tuple.dstIp;
  const owners = isLoopback(localIp) ? undefined : hosts.owners(localIp);
  let best: SocketMatch | null = null;
  for (let i = 0; i < count; i++) {
    const entry = list ? (entries[i] as SocketEntry) : entries;
    if (owners && owners.size > 0 && !owners.has(entry.hostKey)) continue;
    if (via === 'listener' && !isWildcard(entry.localIp) && entry.localIp !== localIp) continue;
    const distanceMs = distanceOutside(tuple.time, entry, config);
    if (distanceMs === null) continue;
    if (!best || distanceMs < best.distanceMs) best = { entry, side, via, distanceMs };
  }
  return best;
}

/**
 * Null when the flow time is outside [first − window − skew, last + window + skew] (a closed socket: + skew only;
 * an open-ended one: no upper bound until it is removed).
 */
function distanceOutside(time: number, entry: SocketEntry, config: AttributionConfig): number | null {
  const before = entry.first - time;
  const after = entry.openEnded ? 0 : time - entry.last;
  const lateSlack = (entry.closed ? 0 : config.matchWindowMs) + config.clockSkewMs;
  if (before > config.matchWindowMs + config.clockSkewMs || after > lateSlack) return null;
  return Math.max(0, before, after);
}
