/**
 * The bus contract: the subset of Kafka's model the stages use, implemented by Kafka (kafkajs, behind this
 * interface so another client can replace it) and by the embedded durable bus. Stages are written once against it.
 */
export interface OutgoingMessage {
  /** Partitioning key: the host identifier, so each host's events stay in order. */
  readonly key: string | Buffer | null;
  readonly value: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** Event time in ms; defaults to now. */
  readonly timestamp?: number;
}

export interface BusMessage {
  readonly topic: string;
  readonly partition: number;
  /** Offset as a decimal string, as kafkajs gives it. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: number;
}

export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly BusMessage[];
}

export interface BusProducer {
  /** Resolves when every message is acknowledged (durable on the bus); rejects with a retriable OspreyError. */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface ConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a new group starts: earliest (default) or latest. */
  readonly fromBeginning?: boolean;
}

export interface BusConsumer {
  /**
   * Delivers batches, one partition at a time per call, in offset order. The batch's offsets are committed only after
   * the handler resolves; if it rejects, the same batch is delivered again (after a backoff), so a stage that cannot
   * write its output never loses input. Resolves when the consumer is closed.
   */
  run(handler: (batch: ConsumedBatch) => Promise<void>): Promise<void>;
  /** Per-partition lag (latest offset minus committed), for metrics. */
  lag(): Promise<Array<{ topic: string; partition: number; lag: number }>>;
  close(): Promise<void>;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions?: number;
  /** Keep only the newest message per key (Kafka cleanup.policy=compact). */
  readonly compacted?: boolean;
  readonly retentionMs?: number;
}

export interface Bus {
  readonly kind: 'kafka' | 'embedded';
  /** Best effort: the librdkafka mock cluster does not implement CreateTopics, real clusters may forbid it. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  producer(): BusProducer;
  consumer(options: ConsumerOptions): BusConsumer;
  close(): Promise<void>;
}
