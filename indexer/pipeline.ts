/** Wires the index stage to the bus: enriched events, attributed flows and alerts in; dead letters out. */
import type { Registry } from 'prom-client';
import type { Bus } from '../common/bus/types.js';
import type { DeadLetter } from '../common/bus/dead-letter.js';
import { runStage, type StageRun } from '../common/bus/stage-runner.js';
import { defaultCodec, type AvroCodec } from '../common/codec/avro.js';
import type { Logger } from '../common/logger.js';
import { stageMetrics } from '../common/metrics.js';
import { ensureStageTopics } from '../common/stage-kit/stage-process.js';
import { TOPICS } from '../common/topics.js';
import type { IndexSink } from './sinks.js';
import { createIndexStage, streamFor, type IndexInput } from './stage.js';

export interface IndexerOptions {
  bus: Bus;
  sink: IndexSink;
  namespace: string;
  log: Logger;
  registry: Registry;
  groupId?: string;
  topics?: readonly string[];
  codec?: AvroCodec;
  lingerMs?: number;
}

export const INDEXED_TOPICS = [TOPICS.enriched, TOPICS.attributed, TOPICS.alerts] as const;

export async function startIndexer(options: IndexerOptions): Promise<StageRun> {
  const topics = options.topics ?? INDEXED_TOPICS;
  const codec = options.codec ?? defaultCodec();
  const log = options.log.child({ component: 'indexer' });
  await ensureStageTopics(
    options.bus,
    [...topics, TOPICS.deadLetter].map((name) => ({ name })),
    log,
  );
  const metrics = stageMetrics(options.registry, 'indexer');
  const stage = createIndexStage({
    sink: options.sink,
    namespace: options.namespace,
    log,
    metrics,
    ...(options.lingerMs !== undefined ? { lingerMs: options.lingerMs } : {}),
  });
  const group = options.groupId ?? 'osprey-indexer';
  return runStage<IndexInput, DeadLetter>({
    consumer: options.bus.consumer({ groupId: group, topics, fromBeginning: true }),
    producer: options.bus.producer(),
    stage,
    decode: (message) => {
      const decoded = codec.decode(message.value, {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      });
      const record = decoded.value as unknown as Record<string, unknown>;
      return { stream: streamFor(message.topic, record), record, source: message };
    },
    route: (dead) => dead,
    log,
    metrics,
    consumerLag: { registry: options.registry, group },
  });
}
