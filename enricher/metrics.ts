/**
 * The enricher's own metrics, beside the stage contract's (common/metrics.ts stageMetrics): how often each join
 * found its data, how big the caches are, how far behind the consumers are, and how metadata waits ended.
 */
import type { Registry } from 'prom-client';
import { counter, gauge, stageMetrics, type StageMetrics } from '../common/metrics.js';

export interface EnricherMetrics {
  readonly stage: StageMetrics;
  joins(join: string, outcome: string, count: number): void;
  rowsMapped(table: string, count: number): void;
  waitEnded(outcome: 'arrived' | 'timed_out'): void;
  cacheSize(cache: 'hashes' | 'users' | 'processes' | 'hosts' | 'intel', entries: number): void;
  consumerLag(topic: string, partition: number, lag: number): void;
}

export function enricherMetrics(registry: Registry, stageName = 'enricher'): EnricherMetrics {
  const joins = counter(
    registry,
    'osprey_enricher_joins_total',
    'Joins attempted, by join and whether the data was there (hit rate = hit / all).',
    ['join', 'outcome'],
  );
  const rows = counter(
    registry,
    'osprey_enricher_rows_total',
    'Rows mapped to ECS, by the table mapping used (generic = fallback).',
    ['table'],
  );
  const waits = counter(
    registry,
    'osprey_enricher_metadata_waits_total',
    'Batches that waited for host metadata, by how the wait ended.',
    ['outcome'],
  );
  const caches = gauge(registry, 'osprey_enricher_cache_entries', 'Entries held per cache or state table.', ['cache']);
  const lag = gauge(
    registry,
    'osprey_enricher_consumer_lag_messages',
    'Messages behind the end of each consumed partition.',
    ['topic', 'partition'],
  );
  return {
    stage: stageMetrics(registry, stageName),
    joins: (join, outcome, count) => joins.inc({ join, outcome }, count),
    rowsMapped: (table, count) => rows.inc({ table }, count),
    waitEnded: (outcome) => waits.inc({ outcome }),
    cacheSize: (cache, entries) => caches.set({ cache }, entries),
    consumerLag: (topic, partition, value) => lag.set({ topic, partition: String(partition) }, value),
  };
}
