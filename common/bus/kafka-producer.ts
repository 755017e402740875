/**
 * A Kafka producer with our own linger batching (kafkajs sends each call at once): messages wait until a batch has
 * `batchSize` messages, `batchBytes` bytes, or has waited `lingerMs`, then go out in one produce request per
 * flush. Flushes run one at a time, so each key's messages reach the broker in the order they were sent even while
 * the broker is away (the idempotent kafkajs producer retries inside a flush). `send` resolves once its messages are
 * acknowledged by all in-sync replicas.
 */
import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import { OspreyError, toOspreyError } from '../errors.js';
import type { BusProducer, OutgoingMessage } from './types.js';

export interface BatchingOptions {
  readonly lingerMs?: number;
  readonly batchSize?: number;
  readonly batchBytes?: number;
  readonly acks?: -1 | 0 | 1;
  readonly compression?: 'gzip' | 'none';
  /** Per produce request, ms. */
  readonly timeoutMs?: number;
}

interface Pending {
  readonly topic: string;
  readonly messages: Message[];
  readonly bytes: number;
  resolve(): void;
  reject(err: unknown): void;
}

export class BatchingProducer implements BusProducer {
  readonly #producer: Producer;
  readonly #connect: () => Promise<void>;
  readonly #options: Required<BatchingOptions>;
  #pending: Pending[] = [];
  #pendingCount = 0;
  #pendingBytes = 0;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(producer: Producer, connect: () => Promise<void>, options: BatchingOptions = {}) {
    this.#producer = producer;
    this.#connect = connect;
    this.#options = {
      lingerMs: options.lingerMs ?? 20,
      batchSize: options.batchSize ?? 10_000,
      batchBytes: options.batchBytes ?? 1_000_000,
      acks: options.acks ?? -1,
      compression: options.compression ?? 'gzip',
      timeoutMs: options.timeoutMs ?? 30_000,
    };
  }

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.#closed) return Promise.reject(new OspreyError('INTERNAL', 'The Kafka producer is closed.', { retriable: false }));
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const converted = messages.map(toKafkaMessage);
      const bytes = messages.reduce((sum, m) => sum + m.value.length + 64, 0);
      this.#pending.push({ topic, messages: converted, bytes, resolve, reject });
      this.#pendingCount += converted.length;
      this.#pendingBytes += bytes;
      if (this.#pendingCount >= this.#options.batchSize || this.#pendingBytes >= this.#options.batchBytes) this.#flushSoon();
      else this.#timer ??= setTimeout(() => this.#flushSoon(), this.#options.lingerMs);
    });
  }

  /** Sends everything pending now; resolves when it is acknowledged (or failed). */
  flush(): Promise<void> {
    this.#flushSoon();
    return this.#flushing;
  }

  async close(): Promise<void> {
    await this.flush();
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
    this.#flushing = this.#flushing.then(() => this.#sendBatch(batch));
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
      for (const p of batch) p.resolve();
    } catch (err) {
      const error = toOspreyError(err, 'BROKER_UNAVAILABLE');
      const failed = error.code === 'INTERNAL' ? new OspreyError('BROKER_UNAVAILABLE', error.message, { cause: err }) : error;
      for (const p of batch) p.reject(failed);
    }
  }
}

function toKafkaMessage(m: OutgoingMessage): Message {
  return { key: m.key, value: m.value, headers: m.headers ? { ...m.headers } : undefined, timestamp: m.timestamp === undefined ? undefined : String(m.timestamp) };
}
