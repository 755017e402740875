/**
 * The Bus over Kafka. The client is kafkajs (pure JS, installs anywhere) behind `KafkaClient`, the kafkajs-shaped
 * subset this file uses, so another client with a kafkajs-compatible API (e.g. @confluentinc/kafka-javascript's
 * KafkaJS layer) can replace it. Producer: idempotent, acks all, gzip, our own linger batching, key = host
 * identifier. Consumer: eachBatch with auto-commit off; a batch's offsets are committed only after the handler
 * resolves; a handler that throws makes kafkajs deliver the batch again.
 */
import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type KafkaConfig,
  type ProducerConfig,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { OspreyError } from '../errors.js';
import { unlessAborted } from '../lifecycle.js';
import { silentLogger, type Logger } from '../logger.js';
import { KafkaConsumer } from './kafka-consumer.js';
import { BatchingProducer, type BatchingOptions } from './kafka-producer.js';
import type { Bus, BusConsumer, ConsumerOptions, TopicSpec } from './types.js';

export { KafkaConsumer } from './kafka-consumer.js';

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
  readonly consumer?: {
    sessionTimeoutMs?: number;
    rebalanceTimeoutMs?: number;
    heartbeatIntervalMs?: number;
    maxWaitTimeMs?: number;
  };
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
  /** Aborted by close(): a topic creation still waiting for an unreachable broker gives up, new clients are refused. */
  readonly #closing = new AbortController();

  constructor(options: KafkaBusOptions) {
    this.#options = options;
    this.#log = (options.log ?? silentLogger()).child({ component: 'kafka-bus' });
    this.#client = options.client ?? new Kafka(kafkajsConfig(options, this.#log));
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    if (this.#closing.signal.aborted) return;
    const admin = this.#client.admin();
    try {
      await unlessAborted(this.#createTopics(admin, topics), this.#closing.signal);
    } catch (err) {
      if (this.#closing.signal.aborted) return;
      this.#log.warn(
        { err, topics: topics.map((t) => t.name) },
        'Could not create topics; relying on the brokers creating them.',
      );
    } finally {
      // An admin client still connecting to an unreachable broker is left to its own retries (they end in time).
      const disconnected = admin.disconnect().catch(() => undefined);
      if (!this.#closing.signal.aborted) await disconnected;
    }
  }

  async #createTopics(admin: Admin, topics: readonly TopicSpec[]): Promise<void> {
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
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted)
      throw new OspreyError('ABORTED', 'The Kafka bus is closed.', { retriable: false });
  }

  producer(): BatchingProducer {
    this.#assertOpen();
    // Bounded retries (the idempotent default is forever): a send rejects after about two minutes without a broker,
    // the caller keeps its records (the daemon's queue) and tries again later, and shutdown never hangs.
    const kafkaProducer = this.#client.producer({
      idempotent: this.#options.idempotent ?? true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 30_000, ...this.#options.kafkajs?.retry },
    });
    let connected: Promise<void> | undefined;
    const connect = (): Promise<void> =>
      (connected ??= kafkaProducer.connect().catch((err: unknown) => {
        connected = undefined;
        throw err;
      }));
    const producer = new BatchingProducer(kafkaProducer, connect, this.#options.producer);
    const close = (): Promise<void> => producer.close();
    this.#closers.add(close);
    return producer;
  }

  consumer(options: ConsumerOptions): BusConsumer {
    this.#assertOpen();
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
    this.#closing.abort(new OspreyError('ABORTED', 'The Kafka bus is closed.', { retriable: false }));
    await Promise.all(
      [...this.#closers].map((close) => close().catch((err: unknown) => this.#log.warn({ err }, 'Close failed.'))),
    );
    this.#closers.clear();
  }
}

function kafkajsConfig(options: KafkaBusOptions, log: Logger): KafkaConfig {
  return {
    clientId: options.clientId ?? 'osprey',
    brokers: [...options.brokers],
    ssl: options.ssl,
    sasl: options.sasl as SASLOptions | undefined,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }) => {
        const { message, ...rest } = entry;
        const fields = { namespace, ...rest };
        if (level <= logLevel.ERROR) log.error(fields, `kafkajs: ${message}`);
        else log.warn(fields, `kafkajs: ${message}`);
      },
    ...options.kafkajs,
  };
}
