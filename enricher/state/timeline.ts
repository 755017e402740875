/**
 * Facts with the time range they held in (uid 1000 was "alice" from t1 to t2; pid 4211 ran /usr/bin/curl from t3),
 * so that an event is joined with what was true at its own time, not with whatever arrived last. Bounded: intervals
 * that ended before the retention horizon are pruned, and the least recently written keys go first past `maxKeys`.
 */
export interface Interval<V> {
  /** Inclusive start in ms; -Infinity when the fact was already there when first seen. */
  from: number;
  /** Exclusive end in ms; Infinity while it holds. */
  to: number;
  value: V;
}

export class Timeline<V> {
  readonly #byKey = new Map<string, Array<Interval<V>>>();
  readonly #maxKeys: number;

  constructor(maxKeys: number) {
    this.#maxKeys = maxKeys;
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** Records that `key` holds `value` from `from` on; ends whatever held before, and ends at whatever follows. */
  open(key: string, from: number, value: V): void {
    const list = this.#touch(key);
    let index = list.findIndex((interval) => interval.from >= from);
    if (index < 0) index = list.length;
    const same = list[index];
    if (same && same.from === from) {
      // The same fact seen again (osquery reports a changed row as removed + added): it holds on.
      same.value = value;
      same.to = list[index + 1]?.from ?? Infinity;
      return;
    }
    const previous = list[index - 1];
    const next = list[index];
    if (previous && previous.to > from) previous.to = from;
    list.splice(index, 0, { from, to: next ? next.from : Infinity, value });
  }

  /** Records that what `key` held stopped holding at `at` (a removed row). */
  close(key: string, at: number): void {
    const list = this.#byKey.get(key);
    if (!list) return;
    for (let i = list.length - 1; i >= 0; i--) {
      const interval = list[i];
      if (interval && interval.from <= at) {
        if (interval.to > at) interval.to = at;
        return;
      }
    }
  }

  /** What `key` held at `time`, or undefined when nothing known covers that time. */
  at(key: string, time: number): V | undefined {
    const list = this.#byKey.get(key);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const interval = list[i];
      if (interval && interval.from <= time) return time < interval.to ? interval.value : undefined;
    }
    return undefined;
  }

  /** Drops intervals that ended before `horizon`; returns how many went. */
  prune(horizon: number): number {
    let dropped = 0;
    for (const [key, list] of this.#byKey) {
      const kept = list.filter((interval) => interval.to >= horizon);
      dropped += list.length - kept.length;
      if (kept.length === 0) this.#byKey.delete(key);
      else if (kept.length !== list.length) this.#byKey.set(key, kept);
    }
    return dropped;
  }

  #touch(key: string): Array<Interval<V>> {
    const list = this.#byKey.get(key) ?? [];
    // Re-insert so Map order is least recently written first, which is what the bound evicts.
    this.#byKey.delete(key);
    this.#byKey.set(key, list);
    while (this.#byKey.size > this.#maxKeys) {
      const oldest = this.#byKey.keys().next();
      if (oldest.done) break;
      this.#byKey.delete(oldest.value);
    }
    return list;
  }
}
