/**
 * Assembles an enricher from its parts (join state, hash cache, intel lists, metrics) around the two effects it
 * needs from outside: publishing host metadata and dead-lettering rows. Used by the bus wiring (run.ts), the tests
 * and the bench, so all three run the same thing.
 */
import type { Registry } from 'prom-client';
import type { OspreyError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { IntelLists, type IntelFiles } from './intel/intel-lists.js';
import { enricherMetrics, type EnricherMetrics } from './metrics.js';
import { EnricherStage } from './stage.js';
import { HashCache } from './state/hash-cache.js';
import { HostMetadataDirectory } from './state/host-directory.js';
import { JoinState } from './state/join-state.js';
import type { HostMetadataInput } from '../schemas/generated/host_metadata.js';
import type { ResultEvent } from '../schemas/generated/index.js';

export interface BuildOptions {
  readonly dataDir: string;
  readonly hashCacheSize: number;
  readonly stateKeys: number;
  readonly intel: IntelFiles | null;
  /** Fallback mtime check of the intel files (ms); 0 = do not watch (tests, bench). */
  readonly intelPollMs: number;
  readonly waitMs: number;
  readonly rewaitMs: number;
  readonly historyMs: number;
  readonly registry: Registry;
  readonly log: Logger;
  publishHosts(records: readonly HostMetadataInput[]): Promise<void>;
  deadLetter(event: ResultEvent, reason: OspreyError): Promise<void>;
  readonly clock?: () => number;
}

export interface Enricher {
  readonly stage: EnricherStage;
  readonly hosts: HostMetadataDirectory;
  readonly state: JoinState;
  readonly intel: IntelLists | null;
  readonly metrics: EnricherMetrics;
  /** Releases the cache file and the intel watchers (after the stage has stopped). */
  close(): void;
}

export function buildEnricher(options: BuildOptions): Enricher {
  const log = options.log.child({ component: 'enricher' });
  const hosts = new HostMetadataDirectory();
  const hashes = new HashCache(options.dataDir, options.hashCacheSize, log);
  const state = new JoinState({ hosts, hashes, maxTimelineKeys: options.stateKeys });
  const intel = options.intel ? new IntelLists(options.intel, log) : null;
  if (intel && options.intelPollMs > 0) intel.watch(options.intelPollMs);
  const metrics = enricherMetrics(options.registry);
  const stage = new EnricherStage({
    state,
    intel,
    waitMs: options.waitMs,
    rewaitMs: options.rewaitMs,
    historyMs: options.historyMs,
    publishHosts: options.publishHosts,
    deadLetter: options.deadLetter,
    metrics,
    log,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    stage,
    hosts,
    state,
    intel,
    metrics,
    close() {
      intel?.close();
      hashes.close();
    },
  };
}
