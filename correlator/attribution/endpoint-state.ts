/**
 * What the correlator remembers about endpoints, all bounded: hosts by id and IP, the latest process facts per
 * (host, pid), and sockets by 5-tuple and by listening port. Maps keep insertion order, and every update re-inserts,
 * so the oldest entries are at the front: eviction by TTL or cap pops from the front (an LRU without extra lists).
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { HostInput, ProcessInput, UserInput } from '../../schemas/generated/shared.js';
import { canonicalIp } from './ip.js';
import type { SocketObservation } from './socket-rows.js';

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

export interface SocketEntry {
  readonly hostKey: string;
  readonly localIp: string;
  readonly pid: number | null;
  /** The process facts the socket row itself carried (pid reuse makes a later lookup by pid unsafe). */
  readonly process: ProcessContext | null;
  first: number;
  last: number;
  closed: boolean;
  openEnded: boolean;
}

/** Per key, the few most recent sockets: a 5-tuple is reused rarely, a listening port by a handful of processes. */
const ENTRIES_PER_KEY = 4;

export class SocketIndex {
  readonly #connected = new Map<string, SocketEntry[]>();
  readonly #listeners = new Map<string, SocketEntry[]>();
  #entries = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly openTtlMs: number,
  ) {}

  observe(obs: SocketObservation, process: ProcessContext | null): void {
    const map = obs.listening ? this.#listeners : this.#connected;
    const key = obs.listening
      ? listenerKey(obs.transport, obs.localPort)
      : tupleKey(obs.transport, obs.localIp, obs.localPort, obs.remoteIp, obs.remotePort);
    const known = map.get(key);
    const same = known ? sameSocket(known, obs) : undefined;
    if (same) {
      same.first = Math.min(same.first, obs.time);
      same.last = Math.max(same.last, obs.time);
      same.closed = obs.closed;
      same.openEnded = obs.openEnded && !obs.closed;
    } else {
      // Host keys and local addresses repeat across millions of sockets: keep one copy of each string.
      const entry: SocketEntry = {
        hostKey: intern(obs.hostKey),
        localIp: intern(obs.localIp),
        pid: obs.pid,
        process,
        first: obs.time,
        last: obs.time,
        closed: obs.closed,
        openEnded: obs.openEnded,
      };
      this.#entries++;
      if (!known) {
        // A literal, not push onto []: push would reserve room for 17 entries, most keys only ever have one.
        map.set(key, [entry]);
        this.#trim();
        return;
      }
      known.push(entry);
      if (known.length > ENTRIES_PER_KEY) {
        known.sort((a, b) => b.last - a.last);
        known.length = ENTRIES_PER_KEY;
        this.#entries--;
      }
    }
    if (!known) return;
    map.delete(key);
    map.set(key, known);
    this.#trim();
  }

  #trim(): void {
    while (this.#entries > this.maxEntries) this.#dropOldest();
  }

  connected(
    transport: string,
    localIp: string,
    localPort: number,
    remoteIp: string,
    remotePort: number,
  ): readonly SocketEntry[] {
    return this.#connected.get(tupleKey(transport, localIp, localPort, remoteIp, remotePort)) ?? NO_ENTRIES;
  }

  listeners(transport: string, localPort: number): readonly SocketEntry[] {
    return this.#listeners.get(listenerKey(transport, localPort)) ?? NO_ENTRIES;
  }

  /** Drops sockets last seen before watermark − TTL (the longer open-socket TTL for open-ended ones). */
  evictBefore(watermark: number): number {
    return this.#evictFrom(this.#connected, watermark) + this.#evictFrom(this.#listeners, watermark);
  }

  get size(): number {
    return this.#entries;
  }

  /** No socket or listener known: every lookup would find nothing. */
  isEmpty(): boolean {
    return this.#connected.size === 0 && this.#listeners.size === 0;
  }

  #evictFrom(map: Map<string, SocketEntry[]>, watermark: number): number {
    let evicted = 0;
    for (const [key, list] of map) {
      // Keys are in write order: stop at the first that is still alive (an approximation the cap backs up).
      const expires = list.reduce(
        (max, e) => Math.max(max, e.last + (e.openEnded ? this.openTtlMs : this.ttlMs)),
        -Infinity,
      );
      if (expires >= watermark) break;
      map.delete(key);
      evicted += list.length;
    }
    this.#entries -= evicted;
    return evicted;
  }

  #dropOldest(): void {
    const map = this.#connected.size >= this.#listeners.size ? this.#connected : this.#listeners;
    const oldest = map.entries().next();
    if (oldest.done) return;
    map.delete(oldest.value[0]);
    this.#entries -= oldest.value[1].length;
  }
}

/** What a lookup that finds nothing returns: one shared empty list, not a new one per flow. */
const NO_ENTRIES: readonly SocketEntry[] = Object.freeze([]);

/** The entry of the same socket (host, pid, local address) under a key, if any: a loop, no closure per row. */
function sameSocket(entries: readonly SocketEntry[], obs: SocketObservation): SocketEntry | undefined {
  for (const e of entries) if (e.hostKey === obs.hostKey && e.pid === obs.pid && e.localIp === obs.localIp) return e;
  return undefined;
}

/**
 * Keys are built with join, not a template literal: a template makes a rope of cons strings that a Map key keeps
 * alive (measured: ~340 bytes per key instead of ~85), and a million of these keys is the point of this index.
 */
function tupleKey(transport: string, localIp: string, localPort: number, remoteIp: string, remotePort: number): string {
  return [transport, localIp, localPort, remoteIp, remotePort].join('|');
}

function listenerKey(transport: string, localPort: number): string {
  return [transport, localPort].join('|');
}

const interned = new Map<string, string>();
const INTERN_LIMIT = 200_000;

/** One shared copy of a frequently repeated string (decoded messages each carry their own copies). */
export function intern(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_LIMIT) interned.clear();
  interned.set(text, text);
  return text;
}

function sameHost(a: HostInput, b: HostInput): boolean {
  if (a.name !== b.name || a.hostname !== b.hostname || a.id !== b.id) return false;
  const ai = a.ip ?? [];
  const bi = b.ip ?? [];
  return ai.length === bi.length && ai.every((ip, i) => ip === bi[i]);
}
