/**
 * The Bus over Kafka. The client is kafkajs (pure JS, installs anywhere) behind `KafkaClient`, the kafkajs-shaped
 * subset this file uses, so another client with a kafkajs-compatible API (e.g. @confluentinc/kafka-javascript's
 * KafkaJS layer) can replace it. Producer: idempotent, acks all, gzip, our own linger batching, key = host
 * identifier. Consumer: eachBatch with auto-commit off; a batch's offsets are committed only after the handler
 * resolves; a handler that throws makes kafkajs deliver the batch again.
 */
import { Kafka, logLevel, type Admin, type Consumer, type ConsumerConfig, type KafkaConfig, type ProducerConfig, type Producer, type SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { silentLogger, type Logger } from '../logger.js';
import { BatchingProducer, type BatchingOptions } from './kafka-producer.js';
import type { Bus, BusConsumer, BusMessage, ConsumedBatch, ConsumerOptions, TopicSpec } from './types.js';

/** What Osprey needs from a Kafka client library. */
export interface KafkaClient {
  producer(config: ProducerConfig): Producer;
  consumer(config: ConsumerConfig): Consumer;
  admin(): Admin;
}

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** true, or node:tls options (ca, cert, key, servername, rejectUnauthorized). */
  readonly ssl?: boolean | ConnectionOptions;
  readonly sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  readonly producer?: BatchingOptions;
  /**
   * Idempotent producer (default true). librdkafka's mock cluster (kcat, used by the tests) names a controller
   * broker that does not exist, so kafkajs cannot get a producer id there; tests turn this off. Ordering holds
   * either way: one request in flight per broker.
   */
  readonly idempotent?: boolean;
  readonly connectionTimeoutMs?: number;
  /** Consumer group timing (kafkajs defaults: session 30 s, rebalance 60 s, heartbeat 3 s, fetch wait 5 s). */
  readonly consumer?: { sessionTimeoutMs?: number; rebalanceTimeoutMs?: number; heartbeatIntervalMs?: number; maxWaitTimeMs?: number };
  readonly log?: Logger;
  /** Replaces kafkajs. */
  readonly client?: KafkaClient;
  /** Extra kafkajs settings (e.g. socketFactory, retry), applied last. */
  readonly kafkajs?: Partial<KafkaConfig>;
}

export class KafkaBus implements Bus {
  readonly kind = 'kafka' as const;
  readonly #client: KafkaClient;
  readonly #options: KafkaBusOptions;
  readonly #log: Logger;
  readonly #closers = new Set<() => Promise<void>>();

  constructor(options: KafkaBusOptions) {
    this.#options = options;
    this.#log = (options.log ?? silentLogger()).child({ component: 'kafka-bus' });
    this.#client = options.client ?? new Kafka(kafkajsConfig(options, this.#log));
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    const admin = this.#client.admin();
    try {
      await admin.connect();
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions ?? -1,
          configEntries: [
            ...(t.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
            ...(t.retentionMs !== undefined ? [{ name: 'retention.ms', value: String(t.retentionMs) }] : []),
          ],
        })),
      });
    } catch (err) {
      this.#log.warn({ err, topics: topics.map((t) => t.name) }, 'Could not create topics; relying on the brokers creating them.');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  producer(): BatchingProducer {
    // Bounded retries (the idempotent default is forever): a send rejects after about two minutes without a broker,
    // the caller keeps its records (the daemon's queue) and tries again later, and shutdown never hangs.
    const kafkaProducer = this.#client.producer({
      idempotent: this.#options.idempotent ?? true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 30_000, ...this.#options.kafkajs?.retry },
    });
    let connected: Promise<void> | undefined;
    const connect = (): Promise<void> => (connected ??= kafkaProducer.connect().catch((err: unknown) => {
      connected = undefined;
      throw err;
    }));
    const producer = new BatchingProducer(kafkaProducer, connect, this.#options.producer);
    const close = (): Promise<void> => producer.close();
    this.#closers.add(close);
    return producer;
  }

  consumer(options: ConsumerOptions): BusConsumer {
    const timing = this.#options.consumer ?? {};
    const config: ConsumerConfig = {
      groupId: options.groupId,
      allowAutoTopicCreation: true,
      sessionTimeout: timing.sessionTimeoutMs,
      rebalanceTimeout: timing.rebalanceTimeoutMs,
      heartbeatInterval: timing.heartbeatIntervalMs,
      maxWaitTimeInMs: timing.maxWaitTimeMs,
    };
    const consumer = new KafkaConsumer(this.#client, config, options, this.#log);
    this.#closers.add(() => consumer.close());
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#closers].map((close) => close().catch((err: unknown) => this.#log.warn({ err }, 'Close failed.'))));
    this.#closers.clear();
  }
}

export class KafkaConsumer implements BusConsumer {
  readonly #client: KafkaClient;
  readonly #consumer: Consumer;
  readonly #options: ConsumerOptions;
  readonly #log: Logger;
  #stopped: (() => void) | undefined;
  #done: Promise<void> | undefined;
  #generation = 0;

  constructor(client: KafkaClient, config: ConsumerConfig, options: ConsumerOptions, log: Logger) {
    this.#client = client;
    this.#options = options;
    this.#log = log;
    this.#consumer = client.consumer(config);
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, () => this.#generation++);
  }

  run(handler: (batch: ConsumedBatch) => Promise<void>): Promise<void> {
    this.#done ??= this.#start(handler);
    return this.#done;
  }

  async #start(handler: (batch: ConsumedBatch) => Promise<void>): Promise<void> {
    const stopped = new Promise<void>((resolve) => (this.#stopped = resolve));
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topics: [...this.#options.topics], fromBeginning: this.#options.fromBeginning ?? true });
    await this.#consumer.run({
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
        await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
        await heartbeat();
      },
    });
    await stopped;
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
          const at = Number(offset) < 0 ? Number(high.find((h) => h.partition === partition)?.low ?? 0) : Number(offset);
          out.push({ topic, partition, lag: Math.max(0, end - at) });
        }
      }
      return out;
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
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

function kafkajsConfig(options: KafkaBusOptions, log: Logger): KafkaConfig {
  return {
    clientId: options.clientId ?? 'osprey',
    brokers: [...options.brokers],
    ssl: options.ssl,
    sasl: options.sasl as SASLOptions | undefined,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, level, log: entry }) => {
      const { message, ...rest } = entry;
      const fields = { namespace, ...rest };
      if (level <= logLevel.ERROR) log.error(fields, `kafkajs: ${message}`);
      else log.warn(fields, `kafkajs: ${message}`);
    },
    ...options.kafkajs,
  };
}
