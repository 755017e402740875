/**
 * Connects a bus consumer to a Stage and a producer: decode each message, `stage.process` the batch, send the
 * outputs, and only then let the consumer commit (the consumer commits when the handler resolves). A message that
 * cannot be decoded goes, raw, to the dead-letter topic with the reason in headers, and its partition keeps moving.
 * If the stage or the producer fails, the handler rejects and the consumer delivers the same batch again: nothing
 * is lost, and delivery downstream is at least once.
 */
import { messageOf } from '../errors.js';
import type { Logger } from '../logger.js';
import { gauge, type Registry, type StageMetrics } from '../metrics.js';
import type { Stage } from '../stage.js';
import { TOPICS } from '../topics.js';
import { deadLetter } from './dead-letter.js';
import type { BusConsumer, BusMessage, BusProducer, ConsumedBatch, OutgoingMessage } from './types.js';

export interface Routed {
  readonly topic: string;
  readonly message: OutgoingMessage;
}

export interface RunStageOptions<I, O> {
  readonly consumer: BusConsumer;
  readonly producer: BusProducer;
  readonly stage: Stage<I, O>;
  /** Turns a message into the stage's input; throwing (or rejecting) sends the message to the dead-letter topic. */
  readonly decode: (message: BusMessage) => I | Promise<I>;
  /** Where each output goes. */
  readonly route: (output: O) => Routed;
  /** Default osprey.deadletter. */
  readonly deadLetterTopic?: string;
  readonly log: Logger;
  readonly metrics: StageMetrics;
  /** When given, osprey_consumer_lag{group,topic,partition} is measured every `intervalMs` (15 s) while running. */
  readonly consumerLag?: { readonly registry: Registry; readonly group: string; readonly intervalMs?: number };
}

export interface StageRun {
  /** Resolves when the consumer has stopped (after stop(), or if the consumer ends on its own). */
  readonly done: Promise<void>;
  /** Closes the consumer (the batch in hand finishes first), then sends what `stage.close()` still held. */
  stop(): Promise<void>;
}

export function runStage<I, O>(options: RunStageOptions<I, O>): StageRun {
  const log = options.log.child({ component: 'stage-runner', stage: options.stage.name });
  const done = options.consumer.run((batch) => handleBatch(options, batch, log));
  const stopLag = options.consumerLag ? watchLag(options.consumer, options.consumerLag, log) : () => undefined;
  void done.finally(stopLag).catch(() => undefined);
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    stopLag();
    await options.consumer.close();
    await done;
    const rest = await options.stage.close();
    await sendOutputs(options, rest);
    log.info({ flushed: rest.length }, 'Stage stopped.');
  };
  return {
    done,
    stop: () => (stopping ??= stop()),
  };
}

/** Polls the consumer's lag into a gauge; returns the function that stops polling. */
function watchLag(
  consumer: BusConsumer,
  options: NonNullable<RunStageOptions<unknown, unknown>['consumerLag']>,
  log: Logger,
): () => void {
  const lag = gauge(options.registry, 'osprey_consumer_lag', 'Latest offset minus committed offset.', [
    'group',
    'topic',
    'partition',
  ]);
  const measure = async (): Promise<void> => {
    try {
      for (const p of await consumer.lag())
        lag.set({ group: options.group, topic: p.topic, partition: String(p.partition) }, p.lag);
    } catch (err) {
      log.debug({ err }, 'Could not measure consumer lag.');
    }
  };
  const timer = setInterval(() => void measure(), options.intervalMs ?? 15_000);
  timer.unref();
  void measure();
  return () => clearInterval(timer);
}

async function handleBatch<I, O>(options: RunStageOptions<I, O>, batch: ConsumedBatch, log: Logger): Promise<void> {
  const inputs: I[] = [];
  const rejected: Routed[] = [];
  options.metrics.received(batch.messages.length);
  for (const message of batch.messages) {
    try {
      const decoded = options.decode(message);
      // Most decoders are synchronous: awaiting only a promise saves a microtask per message.
      inputs.push(decoded instanceof Promise ? await decoded : decoded);
    } catch (err) {
      rejected.push(
        deadLetter({
          topic: options.deadLetterTopic ?? TOPICS.deadLetter,
          stage: options.stage.name,
          reason: messageOf(err),
          source: message,
        }),
      );
      log.warn(
        { topic: message.topic, partition: message.partition, offset: message.offset, err },
        'Sent an undecodable message to the dead-letter topic.',
      );
    }
  }
  if (rejected.length > 0) {
    options.metrics.error('decode', rejected.length);
    await sendRouted(options.producer, rejected);
    options.metrics.discarded(rejected.length, false);
  }
  if (inputs.length === 0) return;
  const outputs = await options.stage.process(inputs);
  await sendOutputs(options, outputs);
}

async function sendOutputs<I, O>(options: RunStageOptions<I, O>, outputs: readonly O[]): Promise<void> {
  if (outputs.length === 0) return;
  await sendRouted(options.producer, outputs.map(options.route));
  options.metrics.sent(outputs.length);
}

/** Sends routed messages, one send per topic, keeping each topic's messages in order. */
async function sendRouted(producer: BusProducer, routed: readonly Routed[]): Promise<void> {
  const byTopic = new Map<string, OutgoingMessage[]>();
  for (const { topic, message } of routed) {
    const list = byTopic.get(topic) ?? [];
    list.push(message);
    byTopic.set(topic, list);
  }
  await Promise.all([...byTopic].map(([topic, messages]) => producer.send(topic, messages)));
}
