/** A Map with a cap: re-inserting on write keeps the least recently written entry first, and that one goes first. */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();
  evictions = 0;
  constructor(readonly cap: number) {}

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.cap) {
      const oldest = this.#map.keys().next();
      if (oldest.done) break;
      this.#map.delete(oldest.value);
      this.evictions++;
    }
  }

  delete(key: K): void {
    this.#map.delete(key);
  }

  get size(): number {
    return this.#map.size;
  }

  /** Removes entries for which `expired` holds, scanning from the oldest write and stopping at the first live one. */
  evictWhile(expired: (value: V) => boolean): number {
    let removed = 0;
    for (const [key, value] of this.#map) {
      if (!expired(value)) break;
      this.#map.delete(key);
      removed++;
    }
    return removed;
  }

  /** Removes every entry for which `expired` holds (a full scan, for values whose age is not write order). */
  sweep(expired: (value: V) => boolean): number {
    let removed = 0;
    for (const [key, value] of this.#map) {
      if (expired(value)) {
        this.#map.delete(key);
        removed++;
      }
    }
    return removed;
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  /** Oldest write first. */
  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
}

/** Per-key suppression (Elastic alert suppression, Wazuh `ignore`): one alert per key per period. */
export class Suppressor {
  readonly #last: BoundedMap<string, number>;
  constructor(
    private readonly periodMs: number,
    cap: number,
  ) {
    this.#last = new BoundedMap(cap);
  }

  /** True when an alert for this key at this time may fire (and records it). */
  allow(key: string, time: number): boolean {
    if (this.periodMs <= 0) return true;
    const last = this.#last.get(key);
    if (last !== undefined && time - last < this.periodMs && time >= last) return false;
    this.#last.set(key, time);
    return true;
  }

  evict(watermark: number): void {
    this.#last.evictWhile((last) => last < watermark - this.periodMs);
  }

  get size(): number {
    return this.#last.size;
  }
}
