/**
 * The one instrumentation contract every stage follows (Vector's component spec): events received, sent, errors by
 * bounded type, and discarded (intentional or not), emitted once per batch. Metrics live in a Registry passed in, so
 * tests assert against a fresh one and `npm start` can run every stage in one process under distinct `stage` labels.
 */
import { statSync } from 'node:fs';
import { Counter, Gauge, Registry } from 'prom-client';

export { Registry };

/** Returns the metric of that name already in the registry, or registers a new one: stages may share a registry. */
export function counter(registry: Registry, name: string, help: string, labelNames: readonly string[] = []): Counter {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter;
  return new Counter({ name, help, labelNames: [...labelNames], registers: [registry] });
}

export function gauge(registry: Registry, name: string, help: string, labelNames: readonly string[] = []): Gauge {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge;
  return new Gauge({ name, help, labelNames: [...labelNames], registers: [registry] });
}

export interface StageMetrics {
  received(count: number): void;
  sent(count: number): void;
  /** `type` must come from a small fixed set (decode, encode, map, sink, timeout, …): label values stay bounded. */
  error(type: string, count?: number): void;
  discarded(count: number, intentional: boolean): void;
}

export function stageMetrics(registry: Registry, stage: string): StageMetrics {
  const received = counter(registry, 'osprey_component_received_events_total', 'Events a stage took in.', ['stage']);
  const sent = counter(registry, 'osprey_component_sent_events_total', 'Events a stage wrote out.', ['stage']);
  const errors = counter(registry, 'osprey_component_errors_total', 'Errors by type.', ['stage', 'error_type']);
  const discarded = counter(registry, 'osprey_component_discarded_events_total', 'Events dropped.', [
    'stage',
    'intentional',
  ]);
  return {
    received: (count) => received.inc({ stage }, count),
    sent: (count) => sent.inc({ stage }, count),
    error: (type, count = 1) => errors.inc({ stage, error_type: type }, count),
    discarded: (count, intentional) => discarded.inc({ stage, intentional: String(intentional) }, count),
  };
}

/**
 * A gauge read when Prometheus scrapes (sizes, queue depths), not on every event. A later call with the same name
 * replaces the reader, so a registry never reads a closed store. `read` returning undefined keeps the last value.
 */
export function scrapedGauge(registry: Registry, name: string, help: string, read: () => number | undefined): void {
  if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      const value = read();
      if (value !== undefined) this.set(value);
    },
  });
}

/** Bytes of a SQLite database with its WAL; undefined when neither exists. */
export function sqliteFileBytes(path: string): number | undefined {
  let total = 0;
  let found = false;
  for (const file of [path, `${path}-wal`]) {
    try {
      total += statSync(file).size;
      found = true;
    } catch {
      // No WAL between checkpoints, or the store is gone: count what exists.
    }
  }
  return found ? total : undefined;
}
