/**
 * The start-up every pipeline stage process shares (`osprey enricher|correlator|indexer`): a metrics registry with
 * the default metrics, the bus from the config, the stage itself, the /metrics /healthz /readyz server, and on
 * SIGINT/SIGTERM a clean stop in reverse order (stage, health server, bus). A stop during start-up (a broker that
 * does not answer) ends the start-up at once: the bus is closed, and a stage that still comes up is stopped. The
 * command files keep only their flags and what is particular to their stage.
 */
import { Registry } from 'prom-client';
import type { Bus, TopicSpec } from '../bus/types.js';
import { DEFAULT_LISTEN, registerDefaultMetrics, startHealthServer, type ReadinessReport } from '../health-server.js';
import { runUntilSignal, unlessAborted } from '../lifecycle.js';
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
  start(kit: StageKit): Promise<StartedStage>;
}

export interface StageKit {
  readonly bus: Bus;
  readonly registry: Registry;
  /** Aborted when a stop comes (also during start-up): waits and retries given it end at once. */
  readonly signal: AbortSignal;
}

/** Runs one stage until a signal; resolves to the process exit code. */
export function runStageProcess(options: StageProcessOptions): Promise<number> {
  const { config, log } = options;
  return runUntilSignal(log, async (signal) => {
    const registry = new Registry();
    registerDefaultMetrics(registry, VERSION);
    const bus = createBus(config.bus, options.dataDir, log, registry);
    const stage = await startStage(options, { bus, registry, signal });
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

/** The stage's start, unless a stop comes first: then the bus is closed and the stop's reason thrown. */
async function startStage(options: StageProcessOptions, kit: StageKit): Promise<StartedStage> {
  const starting = options.start(kit);
  try {
    return await unlessAborted(starting, kit.signal);
  } catch (err) {
    if (!kit.signal.aborted) throw err;
    // A start that still finishes (closing the bus usually fails it) is stopped, so it leaves nothing running.
    void starting.then((stage) => stage.stop()).catch(() => undefined);
    await kit.bus.close();
    throw err;
  }
}

/**
 * Creates a stage's topics where the bus allows it. Best effort: a broker that forbids topic creation (ACLs, a
 * managed cluster) has them created by its operators, and the stage then runs on those.
 */
export async function ensureStageTopics(bus: Bus, topics: readonly TopicSpec[], log: Logger): Promise<void> {
  await bus
    .ensureTopics(topics)
    .catch((err: unknown) => log.warn({ err }, 'Could not create the topics; assuming they exist.'));
}
