/**
 * Topic names shared by every stage. Each stage's config may override them; these are the defaults on Kafka and on
 * the embedded bus alike. Values are Avro (Confluent framing) with the schema named beside each topic.
 */
export const TOPICS = {
  /** Differential result rows (schemas/avro/result_event.avsc), keyed by host identifier. */
  results: 'osprey.results',
  /** Snapshot query executions (schemas/avro/snapshot_event.avsc). */
  snapshots: 'osprey.snapshots',
  /** Daemon status logs (schemas/avro/status_log.avsc). */
  status: 'osprey.status',
  /** Latest host metadata per host (compacted; schemas/avro/host_metadata.avsc). */
  hosts: 'osprey.hosts',
  /** ECS-mapped, enriched endpoint events (schemas/avro/enriched_event.avsc). */
  enriched: 'osprey.enriched',
  /** Normalized Zeek / Suricata records (schemas/avro/network_event.avsc). */
  network: 'osprey.network',
  /** Network events attributed to a host process (schemas/avro/enriched_event.avsc, event.kind=flow). */
  attributed: 'osprey.attributed',
  /** Alerts with their evidence (schemas/avro/alert.avsc). */
  alerts: 'osprey.alerts',
  /** Messages a stage could not decode, map or index, with the reason in headers (raw bytes kept). */
  deadLetter: 'osprey.deadletter',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];
