/**
 * The consuming half of `osprey run`: the index stage (and its sink), the correlator and the enricher on one bus, in
 * the order that lets each find its input topics. Kept apart from the daemon so the pipeline benchmark runs exactly
 * this composition with its own producer in the daemon's place.
 */
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Bus } from '../../common/bus/types.js';
import type { Logger } from '../../common/logger.js';
import type { BusConfig } from '../../common/stage-kit/stage-config.js';
import { correlatorConfig } from '../../correlator/config.js';
import { startCorrelator } from '../../correlator/run.js';
import { enricherConfig } from '../../enricher/config.js';
import { startEnricher } from '../../enricher/run.js';
import { startIndexer } from '../../indexer/pipeline.js';
import { createSink, type IndexSink } from '../../indexer/sinks.js';

export type StageName = 'indexer' | 'correlator' | 'enricher';

export interface StagesOptions {
  readonly bus: Bus;
  readonly busConfig: BusConfig;
  readonly dataDir: string;
  /** Elasticsearch instead of the embedded store under <dataDir>/store. */
  readonly elasticsearch?: string;
  readonly registry: Registry;
  readonly log: Logger;
  /** Checked between stages: a stop during start-up ends the start. */
  readonly signal?: AbortSignal;
  /** The stages to start (default all); the benchmark measures them one at a time. */
  readonly only?: readonly StageName[];
}

/**
 * Starts the stages; each one's stop is put at the front of `stops` as soon as it runs (so stopping in order stops
 * the enricher before the correlator before the index stage). Returns the sink, for health checks.
 */
export async function startStages(options: StagesOptions, stops: Array<() => Promise<void>>): Promise<IndexSink> {
  const { bus, busConfig, dataDir, registry, log, signal } = options;
  const wanted = (stage: StageName): boolean => options.only === undefined || options.only.includes(stage);
  const sink = createSink(
    options.elasticsearch
      ? { type: 'elasticsearch', node: options.elasticsearch, namespace: 'default' }
      : { type: 'embedded', dir: join(dataDir, 'store'), maxAgeMs: 30 * 86_400_000, maxBytes: 2 * 1024 ** 3 },
    log,
    registry,
  );
  if (wanted('indexer')) {
    // The index stage closes the sink when it stops.
    const indexer = await startIndexer({ bus, sink, namespace: 'default', log, registry });
    stops.unshift(() => indexer.stop());
    signal?.throwIfAborted();
  } else {
    stops.push(() => sink.close());
  }
  if (wanted('correlator')) {
    const correlator = await startCorrelator({
      bus,
      config: correlatorConfig.parse({ bus: busConfig }),
      registry,
      log,
      stateDir: join(dataDir, 'correlator'),
    });
    stops.unshift(() => correlator.stop());
    signal?.throwIfAborted();
  }
  if (wanted('enricher')) {
    const enricher = await startEnricher({
      bus,
      config: enricherConfig.parse({ bus: busConfig }),
      dataDir,
      registry,
      log,
    });
    stops.unshift(() => enricher.stop());
    signal?.throwIfAborted();
  }
  return sink;
}
