/**
 * What the correlator remembers about endpoints, all bounded: hosts by id and IP, the latest process facts per
 * (host, pid), and sockets by 5-tuple and by listening port (socket-index.ts). Maps keep insertion order, and every
 * update re-inserts, so the oldest entries are at the front: eviction by TTL or cap pops from the front (an LRU
 * without extra lists).
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { HostInput, ProcessInput, UserInput } from '../../schemas/generated/shared.js';
import { canonicalIp } from './ip.js';

export interface ProcessContext {
  readonly hostKey: string;
  readonly process: ProcessInput;
  readonly user: UserInput | null;
  readonly seen: number;
}

/** Hosts by key, and which hosts own an address (from host.ip in enriched events and host metadata). */
export class HostAddressIndex {
  readonly #hosts = new Map<string, HostInput>();
  readonly #byIp = new Map<string, Set<string>>();
  constructor(private readonly maxHosts: number) {}

  observe(hostKey: string, host: HostInput | null | undefined): void {
    if (!host) return;
    const known = this.#hosts.get(hostKey);
    // Every decoded event carries its own copy of the host: skip the rewrite when nothing that matters changed.
    if (known === host || (known && sameHost(known, host))) return;
    if (!known && this.#hosts.size >= this.maxHosts) this.#evictOldest();
    this.#hosts.delete(hostKey);
    this.#hosts.set(hostKey, host);
    for (const ip of host.ip ?? []) {
      const key = canonicalIp(ip);
      let owners = this.#byIp.get(key);
      if (!owners) this.#byIp.set(key, (owners = new Set()));
      owners.add(hostKey);
    }
  }

  host(hostKey: string): HostInput | null {
    return this.#hosts.get(hostKey) ?? null;
  }

  /** Hosts that own this address; empty for loopback, wildcard or unknown addresses. */
  owners(ip: string): ReadonlySet<string> | undefined {
    return this.#byIp.get(ip);
  }

  get size(): number {
    return this.#hosts.size;
  }

  #evictOldest(): void {
    const oldest = this.#hosts.keys().next();
    if (oldest.done) return;
    const host = this.#hosts.get(oldest.value);
    this.#hosts.delete(oldest.value);
    for (const ip of host?.ip ?? []) this.#byIp.get(canonicalIp(ip))?.delete(oldest.value);
  }
}

/** One (host, pid) slot of the ProcessCache: its facts are replaced in place. */
interface CachedProcess {
  readonly hostKey: string;
  readonly pid: number;
  context: ProcessContext;
}

/**
 * Latest process facts per (host, pid), so a socket row without process.* can still be attributed. Looked up by host
 * then pid (no key string built per event: every endpoint event looks here); `#order` keeps the slots oldest first.
 */
export class ProcessCache {
  readonly #byHost = new Map<string, Map<number, CachedProcess>>();
  readonly #order = new Set<CachedProcess>();
  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  observe(hostKey: string, event: EnrichedEventInput): void {
    const pid = event.process?.pid;
    if (!event.process || pid === null || pid === undefined) return;
    const cached = this.#byHost.get(hostKey)?.get(pid);
    const known = cached?.context;
    // A socket row may carry only pid and name; do not let it replace the full facts of a process row.
    const richer = !known || Boolean(event.process.executable) || !known.process.executable;
    // Seen again without news: refresh its place in the TTL order at most once a minute (re-inserting is costly).
    if (known && !richer && event.timestamp - known.seen < 60_000) return;
    const context = richer
      ? { hostKey, process: event.process, user: event.user ?? null, seen: event.timestamp }
      : { ...known, seen: Math.max(known.seen, event.timestamp) };
    if (cached) {
      cached.context = context;
      this.#order.delete(cached);
      this.#order.add(cached);
      return;
    }
    this.#insert({ hostKey, pid, context });
    if (this.#order.size > this.maxEntries) this.#dropOldest();
  }

  get(hostKey: string, pid: number): ProcessContext | null {
    return this.#byHost.get(hostKey)?.get(pid)?.context ?? null;
  }

  evictBefore(watermark: number): number {
    let evicted = 0;
    for (const cached of this.#order) {
      if (cached.context.seen >= watermark - this.ttlMs) break;
      this.#remove(cached);
      evicted++;
    }
    return evicted;
  }

  get size(): number {
    return this.#order.size;
  }

  #insert(cached: CachedProcess): void {
    let byPid = this.#byHost.get(cached.hostKey);
    if (!byPid) this.#byHost.set(cached.hostKey, (byPid = new Map()));
    byPid.set(cached.pid, cached);
    this.#order.add(cached);
  }

  #remove(cached: CachedProcess): void {
    this.#order.delete(cached);
    const byPid = this.#byHost.get(cached.hostKey);
    byPid?.delete(cached.pid);
    if (byPid?.size === 0) this.#byHost.delete(cached.hostKey);
  }

  #dropOldest(): void {
    const oldest = this.#order.values().next();
    if (!oldest.done) this.#remove(oldest.value);
  }
}

function sameHost(a: HostInput, b: HostInput): boolean {
  if (a.name !== b.name || a.hostname !== b.hostname || a.id !== b.id) return false;
  const ai = a.ip ?? [];
  const bi = b.ip ?? [];
  return ai.length === bi.length && ai.every((ip, i) => ip === bi[i]);
}
