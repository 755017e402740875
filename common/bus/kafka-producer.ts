/**
 * A Kafka producer with our own linger batching (kafkajs sends each call at once): messages wait until a batch has
 * `batchSize` messages, `batchBytes` bytes, or has waited `lingerMs`, then go out in one produce request per
 * flush. Flushes run one at a time, so each key's messages reach the broker in the order they were sent even while
 * the broker is away (the idempotent kafkajs producer retries inside a flush). `send` resolves once its messages are
 * acknowledged by all in-sync replicas.
 */
import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import { Histogram, type Registry } from 'prom-client';
import { OspreyError, toOspreyError } from '../errors.js';
import { counter } from '../metrics.js';
import type { BusProducer, OutgoingMessage } from './types.js';

export interface BatchingOptions {
  readonly lingerMs?: number;
  readonly batchSize?: number;
  readonly batchBytes?: number;
  readonly acks?: -1 | 0 | 1;
  readonly compression?: 'gzip' | 'none';
  /** Per produce request, ms. */
  readonly timeoutMs?: number;
  /**
   * Produce requests in flight at once (default 1). Above 1, a failure retried inside the client can reorder a key's
   * messages unless the producer is idempotent, so raise it only with idempotence on.
   */
  readonly maxInFlight?: number;
  /** Where osprey_kafka_produce_errors_total and osprey_kafka_produce_latency_seconds go (none: not measured). */
  readonly registry?: Registry;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];

interface ProduceMetrics {
  failed(): void;
  acknowledged(seconds: number): void;
}

function produceMetrics(registry: Registry | undefined): ProduceMetrics | undefined {
  if (!registry) return undefined;
  const errors = counter(
    registry,
    'osprey_kafka_produce_errors_total',
    'Produce requests that failed (after the client retried).',
  );
  const latency =
    (registry.getSingleMetric('osprey_kafka_produce_latency_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'osprey_kafka_produce_latency_seconds',
      help: 'Time from send to acknowledgement by the brokers.',
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
  return { failed: () => errors.inc(), acknowledged: (seconds) => latency.observe(seconds) };
}

interface Pending {
  readonly topic: string;
  readonly messages: Message[];
  readonly bytes: number;
  /** process.hrtime.bigint() when send() was called. */
  readonly sentAt: bigint;
  resolve(): void;
  reject(err: unknown): void;
}

export class BatchingProducer implements BusProducer {
  readonly #producer: Producer;
  readonly #connect: () => Promise<void>;
  readonly #options: Required<Omit<BatchingOptions, 'registry'>>;
  readonly #metrics: ProduceMetrics | undefined;
  #pending: Pending[] = [];
  #pendingCount = 0;
  #pendingBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #ready: Pending[][] = [];
  #inFlight = 0;
  #idle: Array<() => void> = [];
  #closed = false;

  constructor(producer: Producer, connect: () => Promise<void>, options: BatchingOptions = {}) {
    this.#producer = producer;
    this.#connect = connect;
    this.#options = {
      lingerMs: options.lingerMs ?? 20,
      batchSize: options.batchSize ?? 1_000,
      batchBytes: options.batchBytes ?? 1_000_000,
      acks: options.acks ?? -1,
      compression: options.compression ?? 'gzip',
      timeoutMs: options.timeoutMs ?? 30_000,
      maxInFlight: options.maxInFlight ?? 1,
    };
    this.#metrics = produceMetrics(options.registry);
  }

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.#closed)
      return Promise.reject(new OspreyError('INTERNAL', 'The Kafka producer is closed.', { retriable: false }));
    if (messages.length === 0) return Promise.resolve();
    const chunks: Array<Promise<void>> = [];
    for (let i = 0; i < messages.length; i += this.#options.batchSize) {
      chunks.push(this.#enqueue(topic, messages.slice(i, i + this.#options.batchSize)));
    }
    return chunks.length === 1 ? (chunks[0] as Promise<void>) : Promise.all(chunks).then(() => undefined);
  }

  #enqueue(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const converted = messages.map(toKafkaMessage);
      const bytes = messages.reduce((sum, m) => sum + m.value.length + 64, 0);
      if (
        this.#pendingCount + converted.length > this.#options.batchSize ||
        this.#pendingBytes + bytes > this.#options.batchBytes
      ) {
        this.#flushSoon();
      }
      this.#pending.push({ topic, messages: converted, bytes, sentAt: process.hrtime.bigint(), resolve, reject });
      this.#pendingCount += converted.length;
      this.#pendingBytes += bytes;
      if (this.#pendingCount >= this.#options.batchSize || this.#pendingBytes >= this.#options.batchBytes)
        this.#flushSoon();
      else this.#timer ??= setTimeout(() => this.#flushSoon(), this.#options.lingerMs);
    });
  }

  /** Sends everything pending now; resolves when everything sent so far is acknowledged (or failed). */
  flush(): Promise<void> {
    this.#flushSoon();
    if (this.#inFlight === 0 && this.#ready.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Flushes (waiting at most `flushTimeoutMs` for acknowledgements) and disconnects. */
  async close(flushTimeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, flushTimeoutMs)));
    await Promise.race([this.flush(), timeout]);
    clearTimeout(timer);
    this.#closed = true;
    await this.#producer.disconnect();
  }

  #flushSoon(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#pendingCount = 0;
    this.#pendingBytes = 0;
    this.#ready.push(batch);
    this.#pump();
  }

  /** Starts ready batches in order while fewer than maxInFlight requests are out. */
  #pump(): void {
    while (this.#inFlight < this.#options.maxInFlight) {
      const batch = this.#ready.shift();
      if (!batch) break;
      this.#inFlight++;
      void this.#sendBatch(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
        if (this.#inFlight === 0 && this.#ready.length === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  async #sendBatch(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const p of batch) {
      const list = byTopic.get(p.topic);
      if (list) list.push(...p.messages);
      else byTopic.set(p.topic, [...p.messages]);
    }
    try {
      await this.#connect();
      await this.#producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        acks: this.#options.acks,
        timeout: this.#options.timeoutMs,
        compression: this.#options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      });
      const now = process.hrtime.bigint();
      for (const p of batch) {
        this.#metrics?.acknowledged(Number(now - p.sentAt) / 1e9);
        p.resolve();
      }
    } catch (err) {
      this.#metrics?.failed();
      const error = toOspreyError(err, 'BROKER_UNAVAILABLE');
      const failed =
        error.code === 'INTERNAL' ? new OspreyError('BROKER_UNAVAILABLE', error.message, { cause: err }) : error;
      for (const p of batch) p.reject(failed);
    }
  }
}

function toKafkaMessage(m: OutgoingMessage): Message {
  return {
    key: m.key,
    value: m.value,
    headers: m.headers ? { ...m.headers } : undefined,
    timestamp: m.timestamp === undefined ? undefined : String(m.timestamp),
  };
}
