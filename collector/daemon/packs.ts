/**
 * Pack activity at run time (docs/osquery-compatibility.md §3.4). Discovery queries are AND-combined, as osquery's code
 * (`Pack::checkDiscovery`) and its docs say: the pack runs only when every discovery query succeeds and returns at
 * least one row, and evaluation stops at the first that does not. (One of the project's seed documents describes
 * them as OR; the code is what deployed packs were written against.) Results are cached for --pack_refresh_interval
 * seconds of scheduler time.
 */
import type { Row } from '../engine/spec.js';
import type { SqlRunner } from './executor.js';
import type { Pack } from './schedule.js';

export class PackRuntime {
  readonly pack: Pack;
  #checkedAt: number | undefined;
  #discovered = false;
  #cacheHits = 0;
  #executions = 0;

  constructor(pack: Pack) {
    this.pack = pack;
  }

  /** Whether the pack's queries run at scheduler time `now` (filters, then discovery, cached). */
  active(engine: SqlRunner, now: number, refreshInterval: number): boolean {
    if (!this.pack.filtersPass) return false;
    if (this.pack.discovery.length === 0) return true;
    if (this.#checkedAt !== undefined && now - this.#checkedAt < refreshInterval) {
      this.#cacheHits += 1;
      return this.#discovered;
    }
    this.#executions += 1;
    this.#checkedAt = now;
    this.#discovered = this.pack.discovery.every((sql) => {
      try {
        return engine.query(sql).rows.length > 0;
      } catch {
        return false;
      }
    });
    return this.#discovered;
  }

  /** Last known activity without running discovery (for osquery_packs). */
  lastKnownActive(): boolean {
    if (!this.pack.filtersPass) return false;
    return this.pack.discovery.length === 0 || this.#discovered;
  }

  row(): Row {
    return {
      name: this.pack.name,
      platform: this.pack.platform,
      version: this.pack.version,
      shard: this.pack.shard,
      discovery_cache_hits: this.#cacheHits,
      discovery_executions: this.#executions,
      active: this.lastKnownActive() ? 1 : 0,
    };
  }
}
