/**
 * Picks the bus from configuration: the embedded durable bus (default, no broker needed) or Kafka. Stages take a
 * `Bus` and never know which one they run on.
 */
import type { Logger } from '../logger.js';
import { EmbeddedBus, type EmbeddedBusOptions } from './embedded.js';
import { KafkaBus, type KafkaBusOptions } from './kafka.js';
import type { Bus } from './types.js';

export type BusConfig =
  | ({ readonly kind: 'embedded' } & EmbeddedBusOptions)
  | ({ readonly kind: 'kafka' } & KafkaBusOptions);

export function createBus(config: BusConfig, log?: Logger): Bus {
  if (config.kind === 'kafka') return new KafkaBus({ log, ...config });
  return new EmbeddedBus({ log, ...config });
}

export { EmbeddedBus, KafkaBus };
export type { Bus, BusConsumer, BusMessage, BusProducer, ConsumedBatch, ConsumerOptions, OutgoingMessage, TopicSpec } from './types.js';
export { runStage, DEAD_LETTER_HEADERS, type RunStageOptions, type Routed, type StageRun } from './stage-runner.js';
