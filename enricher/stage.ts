/**
 * The enricher Stage: result rows in, ECS documents out. Per batch: map every row (a row that cannot be mapped goes
 * to the dead-letter callback), absorb the facts rows carry (inventory, users, processes, hashes) before joining any
 * row, so order within a batch does not matter; publish changed host metadata; join; wait a bounded time for host
 * metadata that is still on its way (README.md, "Waiting for metadata"); then add intel, related.* and the
 * enrichment.missing marker. Nothing is held between calls, so a batch's offsets are committed only after all of
 * its output is written.
 */
import { toOspreyError, type OspreyError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';
import { mapResultEvent, type MappedRow } from './ecs/map-event.js';
import { finishDocument } from './finish.js';
import type { IntelLists } from './intel/intel-lists.js';
import { applyJoins, missingOf, type JoinResults } from './joins.js';
import type { EnricherMetrics } from './metrics.js';
import type { JoinState } from './state/join-state.js';
import type { EnrichedEventInput } from '../schemas/generated/enriched_event.js';
import type { HostMetadataInput } from '../schemas/generated/host_metadata.js';
import type { ResultEvent } from '../schemas/generated/index.js';
import { waitForHosts } from './wait.js';

export interface EnricherStageOptions {
  readonly state: JoinState;
  readonly intel: IntelLists | null;
  /** How long a batch waits for host metadata not yet known (ms); 0 = never wait. */
  readonly waitMs: number;
  /** After a host's wait timed out, its rows do not wait again for this long (ms). */
  readonly rewaitMs: number;
  /** Users and processes that ended this long before the newest event are forgotten (ms). */
  readonly historyMs: number;
  publishHosts(records: readonly HostMetadataInput[]): Promise<void>;
  deadLetter(event: ResultEvent, reason: OspreyError): Promise<void>;
  readonly metrics: EnricherMetrics;
  readonly log: Logger;
  readonly clock?: () => number;
}

interface Work {
  event: ResultEvent;
  mapped: MappedRow;
  results: JoinResults;
}

/** Prune the time-ranged state at most this often, in event time. */
const PRUNE_EVERY_MS = 60_000;

export class EnricherStage implements Stage<ResultEvent, EnrichedEventInput> {
  readonly name = 'enricher';
  readonly #options: EnricherStageOptions;
  readonly #clock: () => number;
  /** Hosts whose last wait timed out, with when: they do not stall every batch of a host that never reports. */
  readonly #timedOut = new Map<string, number>();
  #newestEvent = 0;
  #lastPrune = 0;

  constructor(options: EnricherStageOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  async process(batch: readonly ResultEvent[]): Promise<EnrichedEventInput[]> {
    const { state, intel } = this.#options;
    let work = await this.#mapAll(batch);
    const published = new Map<string, HostMetadataInput>();
    work = await this.#each(work, ({ event, mapped }) => {
      const record = state.observe(mapped, event);
      if (record) published.set(record.hostIdentifier, record);
    });
    if (published.size > 0) await this.#options.publishHosts([...published.values()]);
    work = await this.#each(work, (item) => {
      item.results = applyJoins(item.mapped, state);
    });
    await this.#waitForMissingHosts(work);
    work = await this.#each(work, ({ mapped, results }) => finishDocument(mapped.doc, missingOf(results), intel));
    this.#count(work);
    state.hashes.flush();
    this.#maintain();
    return work.map((item) => item.mapped.doc);
  }

  async close(): Promise<EnrichedEventInput[]> {
    this.#options.state.hashes.flush();
    return [];
  }

  async healthcheck(): Promise<boolean> {
    return true;
  }

  async #mapAll(batch: readonly ResultEvent[]): Promise<Work[]> {
    const ingested = this.#clock();
    const work: Work[] = [];
    for (const event of batch) {
      try {
        work.push({ event, mapped: mapResultEvent(event, ingested), results: {} });
        if (event.unixTime * 1000 > this.#newestEvent) this.#newestEvent = event.unixTime * 1000;
      } catch (err) {
        await this.#reject(event, toOspreyError(err, 'DECODE_ERROR'));
      }
    }
    return work;
  }

  /** Runs `step` on every item; one it throws on is dead-lettered and dropped, so no row can block its partition. */
  async #each(work: Work[], step: (item: Work) => void): Promise<Work[]> {
    const kept: Work[] = [];
    for (const item of work) {
      try {
        step(item);
        kept.push(item);
      } catch (err) {
        await this.#reject(item.event, toOspreyError(err));
      }
    }
    return kept;
  }

  async #reject(event: ResultEvent, error: OspreyError): Promise<void> {
    this.#options.log.warn(
      { err: error, id: event?.id, query: event?.name },
      'Sent an unmappable result row to the dead-letter topic.',
    );
    this.#options.metrics.stage.error('map');
    this.#options.metrics.stage.discarded(1, false);
    await this.#options.deadLetter(event, error);
  }

  /** Counted per batch, not per event: a labelled prom-client increment costs more than a Map update. */
  #count(work: readonly Work[]): void {
    const tables = new Map<string, number>();
    const joins = new Map<string, number>();
    for (const { mapped, results } of work) {
      tables.set(mapped.mapping.table, (tables.get(mapped.mapping.table) ?? 0) + 1);
      for (const join in results) {
        const key = `${join}:${results[join as keyof JoinResults] ?? ''}`;
        joins.set(key, (joins.get(key) ?? 0) + 1);
      }
    }
    const { metrics } = this.#options;
    for (const [table, count] of tables) metrics.rowsMapped(table, count);
    for (const [key, count] of joins) {
      const colon = key.indexOf(':');
      metrics.joins(key.slice(0, colon), key.slice(colon + 1), count);
    }
  }

  /** Waits (bounded) for hosts whose metadata is missing and may still arrive through the hosts topic. */
  async #waitForMissingHosts(work: Work[]): Promise<void> {
    const { waitMs, rewaitMs, state, metrics } = this.#options;
    if (waitMs <= 0) return;
    const now = this.#clock();
    const waiting = work.filter((w) => w.results.host === 'miss' && !this.#recentlyTimedOut(hostOf(w), now));
    if (waiting.length === 0) return;
    const hosts = new Set(waiting.map(hostOf));
    const arrived = await waitForHosts(state.hosts, hosts, waitMs);
    metrics.waitEnded(arrived.size === hosts.size ? 'arrived' : 'timed_out');
    for (const host of hosts) if (!arrived.has(host)) this.#timedOut.set(host, now);
    for (const item of waiting) {
      if (arrived.has(hostOf(item))) item.results = { ...item.results, ...applyJoins(item.mapped, state) };
    }
    if (this.#timedOut.size > 10_000) this.#forgetTimeouts(now - rewaitMs);
  }

  #recentlyTimedOut(host: string, now: number): boolean {
    const at = this.#timedOut.get(host);
    return at !== undefined && now - at < this.#options.rewaitMs;
  }

  #forgetTimeouts(before: number): void {
    for (const [host, at] of this.#timedOut) if (at < before) this.#timedOut.delete(host);
  }

  #maintain(): void {
    const { state, metrics, historyMs, intel } = this.#options;
    if (this.#newestEvent - this.#lastPrune >= PRUNE_EVERY_MS) {
      state.prune(this.#newestEvent - historyMs);
      this.#lastPrune = this.#newestEvent;
    }
    metrics.cacheSize('hashes', state.hashes.size);
    metrics.cacheSize('users', state.users.size);
    metrics.cacheSize('processes', state.processes.size);
    metrics.cacheSize('hosts', state.hosts.size);
    if (intel) metrics.cacheSize('intel', intel.size);
  }
}

function hostOf(work: Work): string {
  return work.mapped.doc.osquery?.hostIdentifier ?? '';
}
