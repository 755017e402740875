/**
 * Sockets by 5-tuple and by listening port, bounded like the rest of the endpoint state (endpoint-state.ts): keys in
 * write order, every update re-inserts, eviction by TTL or cap pops from the front.
 */
import type { ProcessContext } from './endpoint-state.js';
import type { SocketObservation } from './socket-rows.js';

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

/**
 * The sockets under one key: the entry itself while it is the only one (most keys, and no array to allocate and
 * keep per socket), an array once a second socket shares the key.
 */
export type SocketEntries = SocketEntry | readonly SocketEntry[];
type Slot = SocketEntry | SocketEntry[];

export class SocketIndex {
  readonly #connected = new Map<string, Slot>();
  readonly #listeners = new Map<string, Slot>();
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
        map.set(key, entry);
        this.#trim();
        return;
      }
      // A literal for the second, not push onto []: push would reserve room for 17 entries.
      if (!Array.isArray(known)) return this.#reinsert(map, key, [known, entry]);
      known.push(entry);
      if (known.length > ENTRIES_PER_KEY) {
        known.sort((a, b) => b.last - a.last);
        known.length = ENTRIES_PER_KEY;
        this.#entries--;
      }
    }
    if (known) this.#reinsert(map, key, known);
  }

  /** Moves a key to the young end of the write order (eviction pops from the front). */
  #reinsert(map: Map<string, Slot>, key: string, slot: Slot): void {
    map.delete(key);
    map.set(key, slot);
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
  ): SocketEntries {
    return this.#connected.get(tupleKey(transport, localIp, localPort, remoteIp, remotePort)) ?? NO_ENTRIES;
  }

  listeners(transport: string, localPort: number): SocketEntries {
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

  #evictFrom(map: Map<string, Slot>, watermark: number): number {
    let evicted = 0;
    for (const [key, slot] of map) {
      // Keys are in write order: stop at the first that is still alive (an approximation the cap backs up).
      if (this.#expiryOf(slot) >= watermark) break;
      map.delete(key);
      evicted += countOf(slot);
    }
    this.#entries -= evicted;
    return evicted;
  }

  /** When the last of a key's sockets expires. */
  #expiryOf(slot: Slot): number {
    if (!isEntryList(slot)) return slot.last + (slot.openEnded ? this.openTtlMs : this.ttlMs);
    let expires = -Infinity;
    for (const e of slot) expires = Math.max(expires, e.last + (e.openEnded ? this.openTtlMs : this.ttlMs));
    return expires;
  }

  #dropOldest(): void {
    const map = this.#connected.size >= this.#listeners.size ? this.#connected : this.#listeners;
    const oldest = map.entries().next();
    if (oldest.done) return;
    map.delete(oldest.value[0]);
    this.#entries -= countOf(oldest.value[1]);
  }
}

/** What a lookup that finds nothing returns: one shared empty list, not a new one per flow. */
const NO_ENTRIES: readonly SocketEntry[] = Object.freeze([]);

/** The entry of the same socket (host, pid, local address) under a key, if any: a loop, no closure per row. */
function sameSocket(slot: SocketEntries, obs: SocketObservation): SocketEntry | undefined {
  if (!isEntryList(slot)) return isSameSocket(slot, obs) ? slot : undefined;
  for (const e of slot) if (isSameSocket(e, obs)) return e;
  return undefined;
}

function isSameSocket(e: SocketEntry, obs: SocketObservation): boolean {
  return e.hostKey === obs.hostKey && e.pid === obs.pid && e.localIp === obs.localIp;
}

export function isEntryList(slot: SocketEntries): slot is readonly SocketEntry[] {
  return Array.isArray(slot);
}

function countOf(slot: SocketEntries): number {
  return isEntryList(slot) ? slot.length : 1;
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
