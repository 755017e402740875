/**
 * The correlator's metrics: the stage contract, attribution outcomes, alerts by rule type (and in the last hour, which
 * `osprey status` shows), and state sizes.
 */
import { counter, gauge, scrapedGauge, stageMetrics, type Registry, type StageMetrics } from '../common/metrics.js';
import type { AttributionResult } from './attribution/attributor.js';

export interface CorrelatorMetrics {
  readonly stage: StageMetrics;
  /** `result`: matched (socket rows), matched_remote_endpoint (a connect's remote end only), ambiguous, unmatched. */
  attributed(result: AttributionResult, count: number): void;
  alerts(ruleType: string, count: number): void;
  lateEvents(count: number): void;
  forcedFlows(count: number): void;
  /** `component` is a fixed name (sockets, remote_connects, processes, hosts, pending_flows) or a rule type: bounded label values. */
  stateSize(component: string, entries: number): void;
  ruleErrors(count: number): void;
}

export function correlatorMetrics(registry: Registry, now: () => number = Date.now): CorrelatorMetrics {
  const lastHour = new MinuteCounts(60, now);
  // Read at scrape time; a second correlator in the same registry (tests) replaces the first's reader.
  scrapedGauge(
    registry,
    'osprey_correlator_alerts_last_hour',
    'Alerts raised in the last 60 minutes (wall clock).',
    () => lastHour.total(),
  );
  const attributed = counter(
    registry,
    'osprey_correlator_flows_attributed_total',
    'Flows joined (or not) to a host process.',
    ['result'],
  );
  const alerts = counter(registry, 'osprey_correlator_alerts_total', 'Alerts raised, by rule type.', ['rule_type']);
  const late = counter(
    registry,
    'osprey_correlator_late_endpoint_events_total',
    'Endpoint events that arrived behind the watermark.',
  );
  const forced = counter(
    registry,
    'osprey_correlator_forced_flows_total',
    'Flows attributed before the watermark reached them (wait bound or cap).',
  );
  const state = gauge(registry, 'osprey_correlator_state_entries', 'Entries held in bounded correlator state.', [
    'component',
  ]);
  const ruleErrors = counter(registry, 'osprey_correlator_rule_errors_total', 'Rule documents that failed to load.');
  return {
    stage: stageMetrics(registry, 'correlator'),
    attributed: (result, count) => attributed.inc({ result }, count),
    alerts: (ruleType, count) => {
      alerts.inc({ rule_type: ruleType }, count);
      lastHour.add(count);
    },
    lateEvents: (count) => late.inc(count),
    forcedFlows: (count) => forced.inc(count),
    stateSize: (component, entries) => state.set({ component }, entries),
    ruleErrors: (count) => ruleErrors.inc(count),
  };
}

/** Counts per wall-clock minute over a sliding window of `minutes`, so a scrape can say "in the last hour". */
export class MinuteCounts {
  readonly #counts: number[];
  readonly #minutes: number[];

  constructor(
    private readonly window: number,
    private readonly now: () => number,
  ) {
    this.#counts = new Array<number>(window).fill(0);
    this.#minutes = new Array<number>(window).fill(-1);
  }

  add(count: number): void {
    const minute = Math.floor(this.now() / 60_000);
    const slot = minute % this.window;
    if (this.#minutes[slot] !== minute) {
      this.#minutes[slot] = minute;
      this.#counts[slot] = 0;
    }
    this.#counts[slot] = (this.#counts[slot] ?? 0) + count;
  }

  total(): number {
    const oldest = Math.floor(this.now() / 60_000) - this.window + 1;
    let sum = 0;
    for (let slot = 0; slot < this.window; slot++)
      if ((this.#minutes[slot] ?? -1) >= oldest) sum += this.#counts[slot] ?? 0;
    return sum;
  }
}
