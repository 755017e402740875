/**
 * Remote-only attribution. A Linux audit connect (and any socket row without a local port) names only the remote
 * end, so the 5-tuple join cannot use it. Such calls are indexed by (transport, remote ip, remote port); a flow the
 * host initiated (its source address is the host's, when the host's addresses are known) to that remote end within
 * remoteConnectWindowMs of the call is attributed to the calling process, at low confidence. When two or more
 * processes called the same remote end within the window, nothing says which one made the flow: none is named.
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { HostAddressIndex, ProcessContext } from './endpoint-state.js';
import { intern } from './socket-index.js';
import { canonicalIp } from './ip.js';
import type { FlowTuple, SocketMatch } from './resolve.js';
import {
  hostKeyOf,
  isUnspecified,
  localPortOf,
  NO_COLUMNS,
  numberOf,
  portTransport,
  tableOf,
  transportName,
} from './socket-rows.js';

export interface RemoteConnectObservation {
  readonly hostKey: string;
  /** '' when the row does not say (audit connects: the SYSCALL record has no protocol). */
  readonly transport: string;
  readonly remoteIp: string;
  readonly remotePort: number;
  readonly pid: number | null;
  readonly time: number;
}

export interface RemoteConnect {
  readonly hostKey: string;
  readonly pid: number | null;
  /** The process facts the row itself carried (audit rows name the executable). */
  readonly process: ProcessContext | null;
  readonly time: number;
}

/**
 * The remote end of a connect row that has no local port; null for rows the 5-tuple join takes, listeners, and
 * accept/bind events (an accept's remote end is the client, which initiated the flow).
 */
export function remoteConnectObservation(
  event: EnrichedEventInput,
  hostKey: string | null = hostKeyOf(event),
  table: string = tableOf(event),
): RemoteConnectObservation | null {
  if (hostKey === null || table === 'listening_ports') return null;
  const columns = event.osquery?.columns ?? NO_COLUMNS;
  if (table === 'socket_events' && columns.action !== 'connect') return null;
  const localPort = localPortOf(event, table, columns);
  if (localPort !== null && localPort !== 0) return null;
  const remoteIp = event.destination?.ip ?? columns.remote_address ?? '';
  const remotePort = numberOf(event.destination?.port ?? columns.remote_port);
  if (isUnspecified(remoteIp) || remotePort === null || remotePort === 0) return null;
  return {
    hostKey,
    transport: portTransport(transportName(event.network?.transport ?? columns.protocol)) ?? '',
    remoteIp: canonicalIp(remoteIp),
    remotePort,
    pid: numberOf(event.process?.pid ?? columns.pid),
    time: event.timestamp,
  };
}

/** What a lookup that finds nothing returns: one shared empty list, not a new one per flow. */
const NO_CALLS: readonly RemoteConnect[] = Object.freeze([]);

/**
 * The most recent calls kept per remote end. A busy server (a resolver, a CDN) is called by many processes; older
 * calls than these are behind the flows being attributed, so dropping them costs only ambiguity checks on old flows.
 */
const CALLS_PER_REMOTE = 32;

/** Calls by remote end, bounded like SocketIndex: keys in write order, the oldest evicted first. */
export class RemoteConnectIndex {
  readonly #byRemote = new Map<string, RemoteConnect[]>();
  #entries = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  observe(obs: RemoteConnectObservation, process: ProcessContext | null): void {
    const key = remoteKey(obs.transport, obs.remoteIp, obs.remotePort);
    const call: RemoteConnect = { hostKey: intern(obs.hostKey), pid: obs.pid, process, time: obs.time };
    const known = this.#byRemote.get(key);
    this.#entries++;
    if (!known) this.#byRemote.set(key, [call]);
    else {
      known.push(call);
      if (known.length > CALLS_PER_REMOTE) {
        known.sort((a, b) => b.time - a.time);
        known.length = CALLS_PER_REMOTE;
        this.#entries--;
      }
      this.#byRemote.delete(key);
      this.#byRemote.set(key, known);
    }
    while (this.#entries > this.maxEntries) this.#dropOldest();
  }

  /** Calls to this remote end over this transport, and those whose transport is unknown. */
  calls(transport: string, remoteIp: string, remotePort: number): readonly RemoteConnect[] {
    const exact = this.#byRemote.get(remoteKey(transport, remoteIp, remotePort)) ?? NO_CALLS;
    const unknown = this.#byRemote.get(remoteKey('', remoteIp, remotePort)) ?? NO_CALLS;
    return unknown.length === 0 ? exact : exact.length === 0 ? unknown : [...exact, ...unknown];
  }

  /** Drops the calls of remote ends last called before watermark − TTL. */
  evictBefore(watermark: number): number {
    let evicted = 0;
    for (const [key, calls] of this.#byRemote) {
      // Keys are in write order: stop at the first still alive (as SocketIndex; the cap backs it up).
      if (calls.reduce((max, c) => Math.max(max, c.time), -Infinity) + this.ttlMs >= watermark) break;
      this.#byRemote.delete(key);
      evicted += calls.length;
    }
    this.#entries -= evicted;
    return evicted;
  }

  get size(): number {
    return this.#entries;
  }

  isEmpty(): boolean {
    return this.#byRemote.size === 0;
  }

  #dropOldest(): void {
    const oldest = this.#byRemote.entries().next();
    if (oldest.done) return;
    this.#byRemote.delete(oldest.value[0]);
    this.#entries -= oldest.value[1].length;
  }
}

/**
 * A flow the host initiated to a called remote end, within the window: the nearest call of the one process that
 * made such calls, or ambiguous when several processes did; null when none did.
 */
export function resolveRemote(
  tuple: FlowTuple,
  index: RemoteConnectIndex,
  hosts: HostAddressIndex,
  windowMs: number,
): SocketMatch | 'ambiguous' | null {
  let best: RemoteConnect | null = null;
  let bestDistance = Infinity;
  let caller: string | null = null;
  for (const call of index.calls(tuple.transport, tuple.dstIp, tuple.dstPort)) {
    const distance = Math.abs(tuple.time - call.time);
    if (distance > windowMs || !initiatedBy(tuple.srcIp, call.hostKey, hosts)) continue;
    const identity = processIdentity(call);
    if (caller !== null && identity !== caller) return 'ambiguous';
    caller = identity;
    if (distance < bestDistance) [best, bestDistance] = [call, distance];
  }
  if (best === null) return null;
  const entry = {
    hostKey: best.hostKey,
    localIp: tuple.srcIp,
    pid: best.pid,
    process: best.process,
    first: best.time,
    last: best.time,
    closed: false,
    openEnded: false,
  };
  return { entry, side: 'source', via: 'remote_endpoint', distanceMs: bestDistance };
}

/**
 * Whether the flow's source can be this host: it owns the address, or its addresses are unknown and no other host
 * owns it (then nothing tells the hosts apart, and two callers on different hosts make the flow ambiguous).
 */
function initiatedBy(srcIp: string, hostKey: string, hosts: HostAddressIndex): boolean {
  const owners = hosts.owners(srcIp);
  if (owners?.has(hostKey)) return true;
  if (owners && owners.size > 0) return false;
  return (hosts.host(hostKey)?.ip ?? []).length === 0;
}

/** One process: the same host and pid, and the same program (a pid that exec'd another program is another one). */
function processIdentity(call: RemoteConnect): string {
  return [call.hostKey, call.pid ?? '', call.process?.process.executable ?? ''].join('|');
}

function remoteKey(transport: string, remoteIp: string, remotePort: number): string {
  return [transport, remoteIp, remotePort].join('|');
}
