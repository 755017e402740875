/**
 * The one instrumentation contract every stage follows (Vector's component spec): events received, sent, errors by
 * bounded type, and discarded (intentional or not), emitted once per batch. Metrics live in a Registry passed in, so
 * tests assert against a fresh one and `npm start` can run every stage in one process under distinct `stage` labels.
 */
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
