/**
 * The enricher on a bus (Kafka or the embedded one): a consumer group on the results topic drives the stage through
 * the stage runner (offsets commit only after the enriched output is acknowledged); every instance also reads the
 * whole compacted hosts topic, with a group of its own, so host metadata published by any instance reaches all.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { deadLetter } from '../common/bus/dead-letter.js';
import { runStage, type StageRun } from '../common/bus/stage-runner.js';
import type { Bus, BusConsumer, BusMessage, BusProducer } from '../common/bus/types.js';
import { defaultCodec, type AvroCodec } from '../common/codec/avro.js';
import { OspreyError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { sleep } from '../common/retry.js';
import { ensureStageTopics } from '../common/stage-kit/stage-process.js';
import { buildEnricher, type Enricher } from './build.js';
import type { EnricherConfig } from './config.js';
import type { ResultEvent } from '../schemas/generated/index.js';

export interface StartEnricherOptions {
  readonly bus: Bus;
  readonly config: EnricherConfig;
  /** The Osprey data directory; the hash cache goes to config.dataDir or <dataDir>/enricher. */
  readonly dataDir: string;
  readonly registry: Registry;
  readonly log: Logger;
  readonly codec?: AvroCodec;
  /** How often consumer lag is measured (ms); default 5000. */
  readonly lagIntervalMs?: number;
}

export interface EnricherRun {
  readonly enricher: Enricher;
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export async function startEnricher(options: StartEnricherOptions): Promise<EnricherRun> {
  const { bus, config, registry } = options;
  const log = options.log.child({ component: 'enricher' });
  const codec = options.codec ?? defaultCodec();
  const { topics } = config;
  const specs = [
    { name: topics.results },
    { name: topics.enriched },
    { name: topics.hosts, compacted: true },
    { name: topics.deadLetter },
  ];
  await ensureStageTopics(bus, specs, log);
  const producer = bus.producer();
  /** The message each decoded row came from, so an unmappable row is dead-lettered byte for byte. */
  const sources = new WeakMap<ResultEvent, BusMessage>();
  const enricher = buildEnricher({
    dataDir: config.dataDir ?? join(options.dataDir, 'enricher'),
    hashCacheSize: config.hashCacheSize,
    stateKeys: config.stateKeys,
    intel: config.intel,
    intelPollMs: config.intel.pollMs,
    waitMs: config.waitMs,
    rewaitMs: config.rewaitMs,
    historyMs: config.historyMs,
    registry,
    log,
    publishHosts: (records) =>
      producer.send(
        topics.hosts,
        records.map((r) => ({ key: r.hostIdentifier, value: codec.encode('host_metadata', r), timestamp: r.updated })),
      ),
    deadLetter: deadLetterSender(producer, codec, topics.deadLetter, sources),
  });

  const hostsReader = await startHostsReader({ bus, config, log }, enricher, codec);
  const hostsConsumer = hostsReader.consumer;

  const consumer = bus.consumer({ groupId: config.group, topics: [topics.results] });
  const run: StageRun = runStage({
    consumer,
    producer,
    stage: enricher.stage,
    decode: (message) => {
      const decoded = codec.decode(message.value, message);
      if (decoded.schemaName !== 'result_event') {
        throw new OspreyError(
          'DECODE_ERROR',
          `Message at ${message.topic}/${message.partition}@${message.offset} is a ${decoded.schemaName}, not a result_event.`,
          { retriable: false },
        );
      }
      sources.set(decoded.value, message);
      return decoded.value;
    },
    route: (doc) => ({
      topic: topics.enriched,
      message: {
        key: doc.osquery?.hostIdentifier ?? null,
        value: codec.encode('enriched_event', doc),
        timestamp: doc.timestamp,
      },
    }),
    deadLetterTopic: topics.deadLetter,
    log,
    metrics: enricher.metrics.stage,
    consumerLag: { registry, group: config.group },
  });
  const lagTimer = setInterval(
    () => void measureLag(enricher, [consumer, hostsConsumer], log),
    options.lagIntervalMs ?? 5000,
  );
  lagTimer.unref();
  log.info(
    { group: config.group, results: topics.results, enriched: topics.enriched, waitMs: config.waitMs },
    'Enricher running.',
  );

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    clearInterval(lagTimer);
    // The two consumers leave their groups concurrently: each Kafka leave can take a fetch wait.
    await Promise.all([run.stop(), hostsConsumer.close()]);
    await hostsReader.done.catch((err: unknown) => log.warn({ err }, 'The hosts-topic reader ended with an error.'));
    enricher.close();
    await producer.close();
  };
  return { enricher, done: run.done, stop: () => (stopping ??= stop()) };
}

/**
 * Reads the whole hosts topic into the host directory, with a group of this instance's own (so every instance sees
 * every record), up to its end (or `hostsCatchUpMs`) before results flow, so the first rows find their hosts.
 */
async function startHostsReader(
  { bus, config, log }: Pick<StartEnricherOptions, 'bus' | 'config' | 'log'>,
  enricher: Enricher,
  codec: AvroCodec,
): Promise<{ consumer: BusConsumer; done: Promise<void> }> {
  const consumer = bus.consumer({
    groupId: `${config.group}.hosts.${randomUUID()}`,
    topics: [config.topics.hosts],
    fromBeginning: true,
  });
  const done = consumer.run(async (batch) => {
    for (const message of batch.messages) acceptHostRecord(enricher, codec, message, log);
  });
  await catchUp(consumer, config.hostsCatchUpMs, log);
  return { consumer, done };
}

function acceptHostRecord(enricher: Enricher, codec: AvroCodec, message: BusMessage, log: Logger): void {
  try {
    const decoded = codec.decode(message.value, message);
    if (decoded.schemaName !== 'host_metadata') throw new Error(`a ${decoded.schemaName}, not host_metadata`);
    enricher.hosts.accept(decoded.value);
  } catch (err) {
    // A bad record on the hosts topic costs one host's metadata, not the enricher: skip it, say where it is.
    enricher.metrics.stage.error('hosts_decode');
    log.warn(
      { err, topic: message.topic, partition: message.partition, offset: message.offset },
      'Skipped an unreadable host metadata record.',
    );
  }
}

async function catchUp(consumer: BusConsumer, limitMs: number, log: Logger): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const lag = await consumer.lag().catch(() => undefined);
    if (lag && lag.every((p) => p.lag === 0)) return;
    await sleep(50);
  }
  log.warn({ limitMs }, 'The hosts topic was not read to its end in time; rows may wait for their host metadata.');
}

async function measureLag(enricher: Enricher, consumers: readonly BusConsumer[], log: Logger): Promise<void> {
  for (const consumer of consumers) {
    try {
      for (const { topic, partition, lag } of await consumer.lag()) enricher.metrics.consumerLag(topic, partition, lag);
    } catch (err) {
      log.debug({ err }, 'Could not measure consumer lag.');
    }
  }
}

/**
 * Sends an unmappable row's dead letter: the message it came in (`sources`), or for a row without one the row
 * re-encoded.
 */
function deadLetterSender(
  producer: BusProducer,
  codec: AvroCodec,
  topic: string,
  sources: WeakMap<ResultEvent, BusMessage>,
) {
  return (event: ResultEvent, reason: OspreyError): Promise<void> => {
    const source = sources.get(event);
    const fallback = source
      ? undefined
      : { key: event.hostIdentifier || null, value: codec.encode('result_event', event) };
    const letter = deadLetter({
      topic,
      stage: 'enricher',
      reason: reason.message,
      source,
      ...(fallback ? { fallback } : {}),
    });
    return producer.send(letter.topic, [letter.message]);
  };
}
