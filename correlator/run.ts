/**
 * The correlator on a bus (Kafka or embedded): one consumer group over the endpoint, network and hosts topics drives
 * the stage through the stage runner (offsets commit only after the outputs are acknowledged); a timer runs the
 * time-driven work (flows released by the wall-clock bound, eviction, state-size metrics).
 */
import type { Registry } from 'prom-client';
import { runStage, type Routed } from '../common/bus/stage-runner.js';
import type { Bus, BusMessage } from '../common/bus/types.js';
import { defaultCodec, type AvroCodec } from '../common/codec/avro.js';
import { OspreyError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { ensureStageTopics } from '../common/stage-kit/stage-process.js';
import { buildCorrelator, type Correlator } from './build.js';
import type { CorrelatorConfig } from './config.js';
import type { CorrelatorInput, CorrelatorOutput } from './stage.js';

export interface StartCorrelatorOptions {
  readonly bus: Bus;
  readonly config: CorrelatorConfig;
  readonly registry: Registry;
  readonly log: Logger;
  readonly codec?: AvroCodec;
  /** First-seen history lives in <stateDir>; none = memory only. */
  readonly stateDir?: string;
}

export interface CorrelatorRun {
  readonly correlator: Correlator;
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export function decodeCorrelatorInput(codec: AvroCodec, message: BusMessage): CorrelatorInput {
  const decoded = codec.decode(message.value, message);
  if (decoded.schemaName === 'enriched_event') return { schema: 'enriched_event', value: decoded.value };
  if (decoded.schemaName === 'network_event') return { schema: 'network_event', value: decoded.value };
  if (decoded.schemaName === 'host_metadata') {
    return {
      schema: 'host_metadata',
      value: { hostIdentifier: decoded.value.hostIdentifier, host: decoded.value.host },
    };
  }
  throw new OspreyError(
    'DECODE_ERROR',
    `Message at ${message.topic}/${message.partition}@${message.offset} is a ${decoded.schemaName}; the correlator reads enriched_event, network_event and host_metadata.`,
    { retriable: false },
  );
}

export function routeCorrelatorOutput(
  codec: AvroCodec,
  topics: CorrelatorConfig['topics'],
  output: CorrelatorOutput,
): Routed {
  if (output.kind === 'attributed') {
    const doc = output.value;
    return {
      topic: topics.attributed,
      message: {
        key: doc.host?.id ?? doc.observer?.name ?? null,
        value: codec.encode('enriched_event', doc),
        timestamp: doc.timestamp,
      },
    };
  }
  const alert = output.value;
  return {
    topic: topics.alerts,
    message: { key: alert.host?.id ?? alert.rule.id, value: codec.encode('alert', alert), timestamp: alert.timestamp },
  };
}

export async function startCorrelator(options: StartCorrelatorOptions): Promise<CorrelatorRun> {
  const { bus, config, registry } = options;
  const log = options.log.child({ component: 'correlator' });
  const codec = options.codec ?? defaultCodec();
  const { topics } = config;
  const specs = [
    { name: topics.enriched },
    { name: topics.network },
    { name: topics.hosts, compacted: true },
    { name: topics.attributed },
    { name: topics.alerts },
    { name: topics.deadLetter },
  ];
  await ensureStageTopics(bus, specs, log);
  const correlator = buildCorrelator({
    attribution: config.attribution,
    rules: config.rules,
    registry,
    log,
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
  });
  const producer = bus.producer();
  const consumer = bus.consumer({
    groupId: config.group,
    topics: [topics.hosts, topics.enriched, topics.network],
    fromBeginning: true,
  });
  const route = (output: CorrelatorOutput): Routed => routeCorrelatorOutput(codec, topics, output);
  const run = runStage({
    consumer,
    producer,
    stage: correlator.stage,
    decode: (message) => decodeCorrelatorInput(codec, message),
    route,
    deadLetterTopic: topics.deadLetter,
    log,
    metrics: correlatorMetricsStage(correlator),
    consumerLag: { registry, group: config.group },
  });
  const timer = setInterval(() => void sendTicked(correlator, route, producer, log), config.tickMs);
  timer.unref();
  log.info({ group: config.group, topics }, 'Correlator running.');
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    clearInterval(timer);
    await run.stop();
    await producer.close();
  };
  return { correlator, done: run.done, stop: () => (stopping ??= stop()) };
}

function correlatorMetricsStage(correlator: Correlator) {
  return correlator.stage.metrics.stage;
}

async function sendTicked(
  correlator: Correlator,
  route: (o: CorrelatorOutput) => Routed,
  producer: ReturnType<Bus['producer']>,
  log: Logger,
): Promise<void> {
  const outputs = correlator.stage.tick();
  if (outputs.length === 0) return;
  const byTopic = new Map<string, Routed['message'][]>();
  for (const routed of outputs.map(route)) {
    const list = byTopic.get(routed.topic) ?? [];
    list.push(routed.message);
    byTopic.set(routed.topic, list);
  }
  try {
    for (const [topic, messages] of byTopic) await producer.send(topic, messages);
    correlator.stage.metrics.stage.sent(outputs.length);
  } catch (err) {
    // Released flows are already committed input: losing the send loses them, so say so loudly.
    correlator.stage.metrics.stage.error('sink', outputs.length);
    log.error({ err, count: outputs.length }, 'Could not send flows released by the wall-clock bound.');
  }
}
