/**
 * Retention and compaction for the embedded bus, run on a timer and on demand: messages older than the topic's
 * retention.ms go, then the oldest messages of a partition while it holds more than retention.bytes of values, and a
 * compacted topic keeps only the newest message per key (Kafka's cleanup.policy=compact; null keys are kept).
 */
import type { EmbeddedBusStore } from './embedded-store.js';

export interface MaintenanceResult {
  readonly deleted: number;
}

export function runMaintenance(store: EmbeddedBusStore, now: number = Date.now()): MaintenanceResult {
  let deleted = 0;
  for (const topic of store.topics()) {
    if (topic.retention_ms !== null) {
      deleted += store.db
        .prepare('DELETE FROM messages WHERE topic = ? AND timestamp < ?')
        .run(topic.id, now - topic.retention_ms).changes;
    }
    if (topic.retention_bytes !== null)
      deleted += trimToBytes(store, topic.id, topic.partitions, topic.retention_bytes);
    if (topic.compacted) deleted += compact(store, topic.id);
  }
  return { deleted };
}

function trimToBytes(store: EmbeddedBusStore, topic: number, partitions: number, maxBytes: number): number {
  let deleted = 0;
  for (let partition = 0; partition < partitions; partition++) {
    // Keep the newest messages whose running total of value sizes fits; delete everything older.
    const cut = store.db
      .prepare<[number, number, number], { offset: number }>(
        `SELECT offset FROM (SELECT offset, SUM(length(value)) OVER (ORDER BY offset DESC) AS total
           FROM messages WHERE topic = ? AND partition = ?) WHERE total > ? ORDER BY offset DESC LIMIT 1`,
      )
      .get(topic, partition, maxBytes);
    if (cut) {
      deleted += store.db
        .prepare('DELETE FROM messages WHERE topic = ? AND partition = ? AND offset <= ?')
        .run(topic, partition, cut.offset).changes;
    }
  }
  return deleted;
}

function compact(store: EmbeddedBusStore, topic: number): number {
  return store.db
    .prepare(
      `DELETE FROM messages WHERE topic = @topic AND key IS NOT NULL AND offset < (
         SELECT MAX(m.offset) FROM messages m WHERE m.topic = @topic AND m.partition = messages.partition AND m.key = messages.key)`,
    )
    .run({ topic }).changes;
}
