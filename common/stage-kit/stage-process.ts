/**
 * The start-up every pipeline stage process shares (`osprey enricher|correlator|indexer`): a metrics registry with
 * the default metrics, the bus from the config, the stage itself, the /metrics /healthz /readyz server, and on
 * SIGINT/SIGTERM a clean stop in reverse order (stage, health server, bus). The command files keep only their
 * flags and what is particular to their stage.
 */
import { Registry } from 'prom-client';
import type { Bus, TopicSpec } from '../bus/types.js';
import { DEFAULT_LISTEN, registerDefaultMetrics, startHealthServer, type ReadinessReport } from '../health-server.js';
import { runUntilSignal } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import { createBus, type BusConfig } from './stage-config.js';
import { VERSION } from '../version.js';

export type StageName = 'enricher' | 'correlator' | 'indexer';

/** The parts of a stage config the start-up reads (common/stage-kit/stage-config.ts). */
export interface StageProcessConfig {
  readonly bus: BusConfig;
  readonly metrics: { readonly listen?: string | undefined };
}

export interface StartedStage {
  stop(): Promise<void>;
  ready(): Promise<ReadinessReport>;
  /** The start-up log line: its fields (the metrics URL is added) and message. */
  readonly running: { readonly fields: Record<string, unknown>; readonly message: string };
}

export interface StageProcessOptions {
  readonly name: StageName;
  readonly config: StageProcessConfig;
  readonly dataDir: string;
  readonly log: Logger;
  start(kit: { readonly bus: Bus; readonly registry: Registry }): Promise<StartedStage>;
}

/** Runs one stage until a signal; resolves to the process exit code. */
export function runStageProcess(options: StageProcessOptions): Promise<number> {
  const { config, log } = options;
  return runUntilSignal(log, async () => {
    const registry = new Registry();
    registerDefaultMetrics(registry, VERSION);
    const bus = createBus(config.bus, options.dataDir, log, registry);
    const stage = await options.start({ bus, registry });
    const health = await startHealthServer({
      listen: config.metrics.listen ?? DEFAULT_LISTEN[options.name],
      registry,
      log,
      ready: () => stage.ready(),
    });
    log.info({ metrics: health.url, ...stage.running.fields }, stage.running.message);
    return async () => {
      await stage.stop();
      await health.close();
      await bus.close();
    };
  });
}

/**
 * Creates a stage's topics where the bus allows it. Best effort: a broker that forbids topic creation (ACLs, a
 * managed cluster) has them created by its operators, and the stage then runs on those.
 */
export async function ensureStageTopics(bus: Bus, topics: readonly TopicSpec[], log: Logger): Promise<void> {
  await bus.ensureTopics(topics).catch((err: unknown) => log.warn({ err }, 'Could not create the topics; assuming they exist.'));
}
