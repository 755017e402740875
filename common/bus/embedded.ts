/**
 * The embedded durable bus: Kafka's model (topics, partitions keyed by hash of the key, consumer groups with
 * committed offsets, retention, compaction) over one private SQLite file, so `npm start` needs no broker and the
 * stages are written once for both. Consumers of one group in this process divide the partitions among themselves
 * and rebalance when a member joins or leaves; they wake when a producer in this process appends, and poll slowly
 * (for producers in other processes) otherwise.
 */
import { OspreyError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { EmbeddedConsumer, GroupCoordinator } from './embedded-consumer.js';
import { runMaintenance, type MaintenanceResult } from './embedded-maintenance.js';
import { EmbeddedBusStore, type AppendRow, type TopicRow } from './embedded-store.js';
import type { Bus, BusConsumer, BusProducer, ConsumerOptions, OutgoingMessage, TopicSpec } from './types.js';

export interface EmbeddedBusOptions {
  /** Directory for bus.sqlite (created 0700). */
  readonly dataDir: string;
  /** Partitions of a topic created implicitly or without a count. Default 4. */
  readonly defaultPartitions?: number;
  /** Messages per delivered batch. Default 500. */
  readonly maxBatch?: number;
  /** FULL (default) survives power loss; NORMAL only a crash of the process. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** Retention and compaction period; 0 disables the timer (maintain() still works). Default 60 s. */
  readonly maintenanceIntervalMs?: number;
  /** How often an idle consumer looks for messages appended by other processes. Default 1 s. */
  readonly idlePollMs?: number;
  readonly log?: Logger;
}

export class EmbeddedBus implements Bus {
  readonly kind = 'embedded' as const;
  readonly store: EmbeddedBusStore;
  readonly log: Logger;
  readonly maxBatch: number;
  readonly idlePollMs: number;
  readonly #defaultPartitions: number;
  readonly #waiters = new Set<() => void>();
  readonly #groups = new Map<string, GroupCoordinator>();
  readonly #consumers = new Set<EmbeddedConsumer>();
  readonly #timer: NodeJS.Timeout | undefined;
  #roundRobin = 0;
  #closed = false;

  constructor(options: EmbeddedBusOptions) {
    this.store = new EmbeddedBusStore(options.dataDir, { synchronous: options.synchronous });
    this.log = (options.log ?? silentLogger()).child({ component: 'embedded-bus' });
    this.maxBatch = options.maxBatch ?? 500;
    this.idlePollMs = options.idlePollMs ?? 1000;
    this.#defaultPartitions = options.defaultPartitions ?? 4;
    const every = options.maintenanceIntervalMs ?? 60_000;
    if (every > 0) {
      this.#timer = setInterval(() => this.#maintainQuietly(), every);
      this.#timer.unref();
    }
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    for (const spec of topics) this.store.ensureTopic(spec, this.#defaultPartitions);
  }

  /** Kafka's auto-create: a topic used before ensureTopics gets the default partition count. */
  topic(name: string): TopicRow {
    this.#assertOpen();
    return this.store.topic(name) ?? this.store.ensureTopic({ name }, this.#defaultPartitions);
  }

  /** Limits each partition of a topic to about this many bytes of values (retention.bytes). */
  setRetentionBytes(topic: string, bytes: number | null): void {
    this.store.setRetentionBytes(this.topic(topic).id, bytes);
  }

  producer(): BusProducer {
    return {
      send: async (topic, messages) => this.append(topic, messages),
      close: async () => undefined,
    };
  }

  append(topicName: string, messages: readonly OutgoingMessage[]): void {
    if (messages.length === 0) return;
    const topic = this.topic(topicName);
    const now = Date.now();
    const rows: AppendRow[] = messages.map((m) => {
      // The key's bytes are both stored and hashed for the partition: made once.
      const key = m.key === null ? null : Buffer.isBuffer(m.key) ? m.key : Buffer.from(m.key);
      return {
        partition: this.#partitionFor(key, topic.partitions),
        key,
        value: m.value,
        headers: m.headers && hasAny(m.headers) ? JSON.stringify(m.headers) : null,
        timestamp: m.timestamp ?? now,
      };
    });
    try {
      this.store.append(topic.id, rows);
    } catch (err) {
      throw new OspreyError('IO_ERROR', `Embedded bus could not append to ${topicName}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    this.notify();
  }

  consumer(options: ConsumerOptions): BusConsumer {
    this.#assertOpen();
    let group = this.#groups.get(options.groupId);
    if (!group) {
      group = new GroupCoordinator(options.groupId);
      this.#groups.set(options.groupId, group);
    }
    const consumer = new EmbeddedConsumer(this, group, options, () => this.#consumers.delete(consumer));
    this.#consumers.add(consumer);
    return consumer;
  }

  maintain(now?: number): MaintenanceResult {
    return runMaintenance(this.store, now);
  }

  /** Resolves when new data is appended in this process, or after `ms`. */
  waitForData(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#waiters.add(wake);
    });
  }

  notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await Promise.all([...this.#consumers].map((c) => c.close()));
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.notify();
    this.store.close();
  }

  #partitionFor(key: Buffer | null, partitions: number): number {
    if (key === null) return this.#roundRobin++ % partitions;
    return fnv1a(key) % partitions;
  }

  #maintainQuietly(): void {
    try {
      const { deleted } = this.maintain();
      if (deleted > 0) this.log.debug({ deleted }, 'Applied retention and compaction.');
    } catch (err) {
      this.log.warn({ err }, 'Retention and compaction failed; will retry.');
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new OspreyError('INTERNAL', 'The embedded bus is closed.', { retriable: false });
  }
}

/** Whether an object has an own key, without building the array of its keys. */
function hasAny(headers: Readonly<Record<string, string>>): boolean {
  for (const key in headers) if (Object.hasOwn(headers, key)) return true;
  return false;
}

/** 32-bit FNV-1a: stable across processes and versions, so a key always maps to the same partition. */
export function fnv1a(bytes: Buffer): number {
  let hash = 0x811c9dc5;
  // An indexed loop: the iterator protocol over a Buffer costs more than the hashing.
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i] ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
