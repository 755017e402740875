/**
 * Event-time attribution of network flows to host processes. Endpoint events update bounded state and advance the
 * endpoint watermark (newest endpoint time − allowed lateness). A flow at time t waits until the watermark passes
 * t + clock skew, so the socket rows describing it have arrived even if they come late or out of order; a flow that
 * is already behind the watermark is attributed at once. A processing-time bound (maxWaitMs) and a cap on waiting
 * flows keep a silent endpoint stream from holding flows for ever.
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { HostInput } from '../../schemas/generated/shared.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import type { AttributionConfig } from './config.js';
import { HostAddressIndex, ProcessCache, type ProcessContext } from './endpoint-state.js';
import { SocketIndex } from './socket-index.js';
import { attributedDocument } from './flow-document.js';
import { MinHeap } from './min-heap.js';
import { RemoteConnectIndex, remoteConnectObservation, resolveRemote } from './remote-connects.js';
import { flowTuple, resolveFlow, type FlowTuple, type SocketMatch } from './resolve.js';
import { hostKeyOf, isSocketTable, socketObservation, tableOf } from './socket-rows.js';

/**
 * matched: by the socket itself (5-tuple or listener); matched_remote_endpoint: by a connect call's remote end only;
 * ambiguous: several processes called the remote end, none named; unmatched: no candidate. Each flow has one.
 */
export type AttributionResult = 'matched' | 'matched_remote_endpoint' | 'ambiguous' | 'unmatched';

export interface AttributedFlow {
  readonly flow: NetworkEventInput;
  readonly document: EnrichedEventInput;
  readonly match: SocketMatch | null;
  readonly result: AttributionResult;
}

export interface AttributionCounters {
  matched: number;
  matchedRemoteEndpoint: number;
  ambiguous: number;
  unmatched: number;
  /** Endpoint events older than flows already attributed: they might have changed an attribution. */
  lateEndpointEvents: number;
  /** Flows attributed before the watermark reached them (cap or wall-clock bound). */
  forced: number;
}

interface PendingFlow {
  readonly flow: NetworkEventInput;
  readonly arrivedAt: number;
}

export class Attributor {
  readonly hosts: HostAddressIndex;
  readonly processes: ProcessCache;
  readonly sockets: SocketIndex;
  readonly remoteConnects: RemoteConnectIndex;
  readonly counters: AttributionCounters = {
    matched: 0,
    matchedRemoteEndpoint: 0,
    ambiguous: 0,
    unmatched: 0,
    lateEndpointEvents: 0,
    forced: 0,
  };
  readonly #pending = new MinHeap<PendingFlow>((p) => p.flow.timestamp);
  #newestEndpointTime = -Infinity;

  constructor(
    private readonly config: AttributionConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.hosts = new HostAddressIndex(config.maxHosts);
    this.processes = new ProcessCache(config.maxProcesses, config.stateTtlMs);
    this.sockets = new SocketIndex(config.maxSockets, config.stateTtlMs, config.openSocketTtlMs);
    this.remoteConnects = new RemoteConnectIndex(config.maxSockets, config.stateTtlMs);
  }

  /** Endpoint watermark: every endpoint event at or before it is assumed to have arrived. */
  get watermark(): number {
    return this.#newestEndpointTime - this.config.allowedLatenessMs;
  }

  get pendingFlows(): number {
    return this.#pending.size;
  }

  observeHost(hostKey: string, host: HostInput): void {
    this.hosts.observe(hostKey, host);
  }

  observeEndpoint(event: EnrichedEventInput): void {
    const hostKey = hostKeyOf(event);
    if (hostKey === null) return;
    this.hosts.observe(hostKey, event.host);
    this.processes.observe(hostKey, event);
    // Flink's definition: behind the watermark on arrival, so flows it could have matched may be gone already.
    if (event.timestamp < this.watermark) this.counters.lateEndpointEvents++;
    if (event.timestamp > this.#newestEndpointTime) this.#newestEndpointTime = event.timestamp;
    const table = tableOf(event);
    if (!isSocketTable(table)) return;
    const obs = socketObservation(event, hostKey, table);
    // No local end (an audit connect): only the remote end can tie the call to a flow.
    const remote = obs ? null : remoteConnectObservation(event, hostKey, table);
    if (!obs && !remote) return;
    const ownFacts: ProcessContext | null = event.process?.executable
      ? { hostKey, process: event.process, user: event.user ?? null, seen: event.timestamp }
      : null;
    if (obs) this.sockets.observe(obs, ownFacts);
    else if (remote) this.remoteConnects.observe(remote, ownFacts);
  }

  /**
   * Queues a flow; returns the flows now ready (this one too, if it is already behind the watermark), appended to
   * `out` when given (the stage passes one array for all its flows rather than take a new one per flow).
   */
  addFlow(flow: NetworkEventInput, out: AttributedFlow[] = []): AttributedFlow[] {
    this.#pending.push({ flow, arrivedAt: this.now() });
    return this.drainReady(out);
  }

  /** Attributes every waiting flow the watermark, the wall-clock bound or the cap has released (appended to out). */
  drainReady(out: AttributedFlow[] = []): AttributedFlow[] {
    const releaseThrough = this.watermark - this.config.clockSkewMs;
    const now = this.now();
    for (let next = this.#pending.peek(); next; next = this.#pending.peek()) {
      const byWatermark = next.flow.timestamp <= releaseThrough;
      const forced =
        !byWatermark &&
        (now - next.arrivedAt >= this.config.maxWaitMs || this.#pending.size > this.config.maxPendingFlows);
      if (!byWatermark && !forced) break;
      this.#pending.pop();
      if (forced) this.counters.forced++;
      out.push(this.attribute(next.flow));
    }
    return out;
  }

  /** Attributes everything still waiting (shutdown). */
  flush(): AttributedFlow[] {
    const out: AttributedFlow[] = [];
    for (let next = this.#pending.pop(); next; next = this.#pending.pop()) out.push(this.attribute(next.flow));
    return out;
  }

  /** Drops state older than the watermark allows; returns how many entries went. */
  evict(): number {
    const watermark = this.watermark;
    if (!Number.isFinite(watermark)) return 0;
    return (
      this.sockets.evictBefore(watermark) +
      this.remoteConnects.evictBefore(watermark) +
      this.processes.evictBefore(watermark)
    );
  }

  attribute(flow: NetworkEventInput): AttributedFlow {
    // Network-only data (a replay of sensor logs) has no endpoint state: nothing to join, and nothing to build for it.
    const hasEndpoints = !this.sockets.isEmpty() || !this.remoteConnects.isEmpty() || this.hosts.size > 0;
    const tuple = hasEndpoints ? flowTuple(flow) : null;
    const found = tuple ? this.#resolve(tuple) : null;
    const match = found === 'ambiguous' ? null : found;
    const result = resultOf(found);
    this.#count(result);
    const hostKey = match?.entry.hostKey ?? (tuple ? this.#hostByAddress(tuple) : null);
    const process = match ? (match.entry.process ?? this.#processOf(match)) : null;
    const host = hostKey === null ? null : this.hosts.host(hostKey);
    const ambiguous = result === 'ambiguous';
    const document = attributedDocument(flow, { match, hostKey, host, process, ambiguous }, this.now());
    return { flow, document, match, result };
  }

  /** The socket's own rows first; the remote end of a connect call only when they name no process. */
  #resolve(tuple: FlowTuple): SocketMatch | 'ambiguous' | null {
    const exact = this.sockets.isEmpty() ? null : resolveFlow(tuple, this.sockets, this.hosts, this.config);
    if (exact || this.remoteConnects.isEmpty()) return exact;
    return resolveRemote(tuple, this.remoteConnects, this.hosts, this.config.remoteConnectWindowMs);
  }

  #count(result: AttributionResult): void {
    if (result === 'matched') this.counters.matched++;
    else if (result === 'matched_remote_endpoint') this.counters.matchedRemoteEndpoint++;
    else if (result === 'ambiguous') this.counters.ambiguous++;
    else this.counters.unmatched++;
  }

  #processOf(match: SocketMatch): ProcessContext | null {
    return match.entry.pid === null ? null : this.processes.get(match.entry.hostKey, match.entry.pid);
  }

  /** Without a socket match the host is still known when exactly one host owns one of the flow's addresses. */
  #hostByAddress(tuple: FlowTuple): string | null {
    return this.#soleOwner(tuple.srcIp) ?? this.#soleOwner(tuple.dstIp);
  }

  #soleOwner(ip: string): string | null {
    const owners = this.hosts.owners(ip);
    return owners && owners.size === 1 ? (owners.values().next().value ?? null) : null;
  }
}

function resultOf(found: SocketMatch | 'ambiguous' | null): AttributionResult {
  if (found === null || found === 'ambiguous') return found ?? 'unmatched';
  return found.via === 'remote_endpoint' ? 'matched_remote_endpoint' : 'matched';
}
