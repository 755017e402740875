/**
 * The watchdog denylist (docs/osquery-compatibility.md §10): a worker that starts and finds `executing_query` set knows the previous
 * worker died inside that query (a crash, or the watcher killing it for exceeding a limit). It logs
 * `Scheduled query may have failed: <name>` and, with the watchdog enabled, denylists the name for a day. Stored as
 * osquery's `name:expiry` pairs; denylisted queries are skipped and show `denylisted = 1` in osquery_schedule.
 */
import { EXECUTING_QUERY_KEY } from './executor.js';
import type { KeyValues } from './identity.js';

export const DENYLIST_KEY = 'denylist';
export const DENYLIST_SECONDS = 86400;

/** Where one denylist keeps its entries and its "running now" marker (distributed queries keep their own). */
export interface DenylistKeys {
  readonly list: string;
  readonly running: string;
}

const SCHEDULED: DenylistKeys = { list: DENYLIST_KEY, running: EXECUTING_QUERY_KEY };

export class Denylist {
  readonly #kv: KeyValues;
  readonly #keys: DenylistKeys;

  constructor(kv: KeyValues, keys: DenylistKeys = SCHEDULED) {
    this.#kv = kv;
    this.#keys = keys;
  }

  /** Entries still in force at `now`. */
  entries(now: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const pair of (this.#kv.get(this.#keys.list) ?? '').split(',')) {
      const at = pair.lastIndexOf(':');
      if (at <= 0) continue;
      const expiry = Number(pair.slice(at + 1));
      if (Number.isFinite(expiry) && expiry > now) out.set(pair.slice(0, at), expiry);
    }
    return out;
  }

  has(name: string, now: number): boolean {
    return this.entries(now).has(name);
  }

  add(name: string, now: number, seconds = DENYLIST_SECONDS): void {
    const entries = this.entries(now);
    entries.set(name, now + seconds);
    this.#kv.set(this.#keys.list, [...entries].map(([key, expiry]) => `${key}:${expiry}`).join(','));
  }

  /** The query the previous worker was running when it died, cleared so it is handled once. */
  takeInterruptedQuery(): string | undefined {
    const name = this.#kv.get(this.#keys.running);
    if (name === undefined) return undefined;
    this.#kv.delete(this.#keys.running);
    return name === '' ? undefined : name;
  }
}
