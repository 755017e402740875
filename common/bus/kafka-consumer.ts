/**
 * A Kafka consumer-group member behind the BusConsumer interface. Offsets are committed only after the handler has
 * processed a batch, so a restart re-reads at most what was not yet committed (the stages dedupe by event id).
 *
 * kafkajs restarts a consumer after a retriable crash by itself; after any other crash (a broker answering
 * INVALID_REQUEST mid-rebalance, say) its consumer is dead while run() would wait forever with the partitions it
 * held unconsumed. This member then starts a fresh kafkajs consumer with backoff, and only after RESTART_LIMIT
 * crashes in a row does run() fail, so that the stage stops and its supervisor (systemd, Kubernetes) takes over.
 */
import type { Consumer, ConsumerConfig } from 'kafkajs';
import { OspreyError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { KafkaClient } from './kafka.js';
import type { BusConsumer, BusMessage, ConsumedBatch, ConsumerOptions } from './types.js';

const RESTART_LIMIT = 8;
const RESTART_DELAY_MS = 500;
const RESTART_DELAY_MAX_MS = 30_000;

type Handler = (batch: ConsumedBatch) => Promise<void>;

export class KafkaConsumer implements BusConsumer {
  readonly #client: KafkaClient;
  readonly #config: ConsumerConfig;
  readonly #options: ConsumerOptions;
  readonly #log: Logger;
  #consumer: Consumer;
  #stopped: (() => void) | undefined;
  #failed: ((err: OspreyError) => void) | undefined;
  #closing = false;
  #done: Promise<void> | undefined;
  #generation = 0;
  #crashes = 0;
  #handler: Handler | undefined;

  readonly #restartDelayMs: number;

  /** `options.restartDelayMs`: first backoff after a crash (doubles up to 30 s); tests shorten it. */
  constructor(
    client: KafkaClient,
    config: ConsumerConfig,
    options: ConsumerOptions & { restartDelayMs?: number },
    log: Logger,
  ) {
    this.#restartDelayMs = options.restartDelayMs ?? RESTART_DELAY_MS;
    this.#client = client;
    this.#config = config;
    this.#options = options;
    this.#log = log;
    this.#consumer = this.#create();
  }

  run(handler: Handler): Promise<void> {
    this.#done ??= this.#start(handler);
    return this.#done;
  }

  async #start(handler: Handler): Promise<void> {
    const stopped = new Promise<void>((resolve, reject) => {
      this.#stopped = resolve;
      this.#failed = reject;
    });
    this.#handler = handler;
    await this.#launch(this.#consumer, handler);
    await stopped;
  }

  #create(): Consumer {
    const consumer = this.#client.consumer(this.#config);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.#generation++;
      this.#crashes = 0;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.#onCrash(consumer, payload.error, payload.restart));
    return consumer;
  }

  async #launch(consumer: Consumer, handler: Handler): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.#options.topics], fromBeginning: this.#options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const messages: BusMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ?? null,
          value: m.value ?? Buffer.alloc(0),
          headers: headersOf(m.headers),
          timestamp: Number(m.timestamp),
        }));
        await handler({ topic: batch.topic, partition: batch.partition, messages });
        const last = batch.messages[batch.messages.length - 1];
        if (!last) return;
        resolveOffset(last.offset);
        const next = (BigInt(last.offset) + 1n).toString();
        await commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
        });
        await heartbeat();
      },
    });
  }

  #onCrash(consumer: Consumer, error: Error, restart: boolean): void {
    const groupId = this.#options.groupId;
    if (restart) {
      this.#log.warn({ err: error, groupId }, 'Kafka consumer crashed; kafkajs restarts it.');
      return;
    }
    if (this.#closing || consumer !== this.#consumer) return;
    this.#crashes++;
    if (this.#crashes > RESTART_LIMIT) {
      this.#log.error({ err: error, groupId, crashes: this.#crashes }, 'Kafka consumer keeps crashing; giving up.');
      this.#failed?.(
        new OspreyError(
          'BROKER_UNAVAILABLE',
          `Kafka consumer of group ${groupId} crashed ${this.#crashes} times: ${error.message}`,
          { cause: error },
        ),
      );
      return;
    }
    const delay = Math.min(RESTART_DELAY_MAX_MS, this.#restartDelayMs * 2 ** (this.#crashes - 1));
    this.#log.warn(
      { err: error, groupId, delayMs: delay },
      'Kafka consumer crashed and kafkajs will not restart it; starting a new one.',
    );
    setTimeout(() => void this.#restart(consumer), delay);
  }

  async #restart(dead: Consumer): Promise<void> {
    if (this.#closing || !this.#handler) return;
    await dead.disconnect().catch(() => undefined);
    const fresh = this.#create();
    this.#consumer = fresh;
    try {
      await this.#launch(fresh, this.#handler);
    } catch (err) {
      this.#onCrash(fresh, err instanceof Error ? err : new Error(String(err)), false);
    }
  }

  /** Resolves once this member has joined its group (been given partitions) more than `after` times. */
  async joined(after = 0): Promise<void> {
    while (this.#generation <= after) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  get generation(): number {
    return this.#generation;
  }

  async lag(): Promise<Array<{ topic: string; partition: number; lag: number }>> {
    const admin = this.#client.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: this.#options.groupId, topics: [...this.#options.topics] });
      const out: Array<{ topic: string; partition: number; lag: number }> = [];
      for (const { topic, partitions } of committed) {
        const high = await admin.fetchTopicOffsets(topic);
        for (const { partition, offset } of partitions) {
          const end = Number(high.find((h) => h.partition === partition)?.high ?? 0);
          const at =
            Number(offset) < 0 ? Number(high.find((h) => h.partition === partition)?.low ?? 0) : Number(offset);
          out.push({ topic, partition, lag: Math.max(0, end - at) });
        }
      }
      return out;
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.#consumer.disconnect().catch((err: unknown) => this.#log.warn({ err }, 'Consumer disconnect failed.'));
    this.#stopped?.();
    await this.#done?.catch(() => undefined);
  }
}

function headersOf(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? String(value.at(-1)) : Buffer.isBuffer(value) ? value.toString() : String(value);
  }
  return out;
}
