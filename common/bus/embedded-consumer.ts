/**
 * Consumers of the embedded bus. Members of one group in this process share its partitions (partition p of a topic
 * goes to member p mod n, members in join order); a rebalance happens whenever one joins or leaves. A partition is
 * locked while a member handles a batch from it, and a new owner starts from the committed offset only after the
 * lock is released, so a rebalance neither loses nor duplicates messages.
 */
import { sleep } from '../retry.js';
import type { EmbeddedBus } from './embedded.js';
import type { StoredMessage, TopicRow } from './embedded-store.js';
import type { BusConsumer, BusMessage, ConsumedBatch, ConsumerOptions } from './types.js';

let memberCounter = 0;

export class GroupCoordinator {
  readonly id: string;
  readonly #members: Array<{ id: number; topics: readonly string[] }> = [];
  readonly #locks = new Map<string, number>();

  constructor(id: string) {
    this.id = id;
  }

  join(member: number, topics: readonly string[]): void {
    this.#members.push({ id: member, topics });
  }

  leave(member: number): void {
    const index = this.#members.findIndex((m) => m.id === member);
    if (index >= 0) this.#members.splice(index, 1);
  }

  /** The partitions of `topic` this member owns now. */
  owns(member: number, topic: string, partition: number): boolean {
    const subscribed = this.#members.filter((m) => m.topics.includes(topic));
    return subscribed.length > 0 && subscribed[partition % subscribed.length]?.id === member;
  }

  tryLock(key: string, member: number): boolean {
    if (this.#locks.has(key)) return false;
    this.#locks.set(key, member);
    return true;
  }

  unlock(key: string): void {
    this.#locks.delete(key);
  }
}

export class EmbeddedConsumer implements BusConsumer {
  readonly #bus: EmbeddedBus;
  readonly #group: GroupCoordinator;
  readonly #options: ConsumerOptions;
  readonly #member = ++memberCounter;
  readonly #onClose: () => void;
  #closed = false;
  #running: Promise<void> | undefined;
  #failures = 0;
  readonly #stop = new AbortController();

  constructor(bus: EmbeddedBus, group: GroupCoordinator, options: ConsumerOptions, onClose: () => void) {
    this.#bus = bus;
    this.#group = group;
    this.#options = options;
    this.#onClose = onClose;
  }

  run(handler: (batch: ConsumedBatch) => Promise<void>): Promise<void> {
    this.#startGroupAt();
    this.#group.join(this.#member, this.#options.topics);
    this.#running ??= this.#loop(handler).finally(() => this.#group.leave(this.#member));
    return this.#running;
  }

  async lag(): Promise<Array<{ topic: string; partition: number; lag: number }>> {
    const out: Array<{ topic: string; partition: number; lag: number }> = [];
    for (const name of this.#options.topics) {
      const topic = this.#bus.topic(name);
      for (let partition = 0; partition < topic.partitions; partition++) {
        const high = this.#bus.store.highWatermark(topic.id, partition);
        out.push({ topic: name, partition, lag: Math.max(0, high - this.#position(topic, partition)) });
      }
    }
    return out;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stop.abort();
    this.#bus.notify();
    await this.#running?.catch(() => undefined);
    this.#group.leave(this.#member);
    this.#onClose();
  }

  /** A group seen for the first time starts at the end of each partition unless fromBeginning (the default). */
  #startGroupAt(): void {
    if (this.#options.fromBeginning !== false) return;
    for (const name of this.#options.topics) {
      const topic = this.#bus.topic(name);
      for (let p = 0; p < topic.partitions; p++) {
        if (this.#bus.store.committed(this.#group.id, topic.id, p) === undefined) {
          this.#bus.store.commit(this.#group.id, topic.id, p, this.#bus.store.highWatermark(topic.id, p));
        }
      }
    }
  }

  #position(topic: TopicRow, partition: number): number {
    const committed = this.#bus.store.committed(this.#group.id, topic.id, partition);
    return committed ?? this.#bus.store.lowWatermark(topic.id, partition);
  }

  async #loop(handler: (batch: ConsumedBatch) => Promise<void>): Promise<void> {
    while (!this.#closed) {
      let delivered = false;
      for (const name of this.#options.topics) {
        const topic = this.#bus.topic(name);
        for (let partition = 0; partition < topic.partitions && !this.#closed; partition++) {
          if (!this.#group.owns(this.#member, name, partition)) continue;
          if (await this.#deliver(topic, partition, handler)) delivered = true;
        }
      }
      if (!delivered && !this.#closed) await this.#bus.waitForData(this.#bus.idlePollMs);
    }
  }

  /** Hands one batch of a partition to the handler; commits after it resolves. Returns whether it delivered. */
  async #deliver(
    topic: TopicRow,
    partition: number,
    handler: (batch: ConsumedBatch) => Promise<void>,
  ): Promise<boolean> {
    const lock = `${topic.id}:${partition}`;
    if (!this.#group.tryLock(lock, this.#member)) return false;
    try {
      const from = this.#position(topic, partition);
      const rows = this.#bus.store.read(topic.id, partition, from, this.#bus.maxBatch);
      const last = rows.at(-1);
      if (!last) return false;
      try {
        await handler({ topic: topic.name, partition, messages: rows.map((r) => toBusMessage(topic.name, r)) });
      } catch (err) {
        this.#failures++;
        const wait = Math.min(30_000, 100 * 2 ** Math.min(this.#failures, 9));
        this.#bus.log.warn(
          { err, topic: topic.name, partition, offset: from, retryInMs: wait },
          'Handler failed; the batch will be delivered again.',
        );
        await sleep(wait, this.#stop.signal).catch(() => undefined);
        return false;
      }
      this.#failures = 0;
      this.#bus.store.commit(this.#group.id, topic.id, partition, last.offset + 1);
      return true;
    } finally {
      this.#group.unlock(lock);
    }
  }
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Headers are parsed only when read (stages rarely do: dead letters copy them), but as an own enumerable property so
 * spreading, cloning or comparing a message still sees them.
 */
function toBusMessage(topic: string, row: StoredMessage): BusMessage {
  const stored = row.headers;
  let headers: Readonly<Record<string, string>> | undefined = stored === null ? NO_HEADERS : undefined;
  return {
    topic,
    partition: row.partition,
    offset: String(row.offset),
    key: row.key,
    value: row.value,
    get headers() {
      return (headers ??= JSON.parse(stored ?? '{}') as Record<string, string>);
    },
    timestamp: row.timestamp,
  };
}
