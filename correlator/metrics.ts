/** The correlator's metrics: the stage contract, attribution outcomes, alerts by rule type, and state sizes. */
import { counter, gauge, stageMetrics, type Registry, type StageMetrics } from '../common/metrics.js';

export interface CorrelatorMetrics {
  readonly stage: StageMetrics;
  attributed(result: 'matched' | 'unmatched', count: number): void;
  alerts(ruleType: string, count: number): void;
  lateEvents(count: number): void;
  forcedFlows(count: number): void;
  /** `component` is a fixed name (sockets, processes, hosts, pending_flows) or a rule type: bounded label values. */
  stateSize(component: string, entries: number): void;
  ruleErrors(count: number): void;
}

export function correlatorMetrics(registry: Registry): CorrelatorMetrics {
  const attributed = counter(registry, 'osprey_correlator_flows_attributed_total', 'Flows joined (or not) to a host process.', ['result']);
  const alerts = counter(registry, 'osprey_correlator_alerts_total', 'Alerts raised, by rule type.', ['rule_type']);
  const late = counter(registry, 'osprey_correlator_late_endpoint_events_total', 'Endpoint events that arrived behind the watermark.');
  const forced = counter(registry, 'osprey_correlator_forced_flows_total', 'Flows attributed before the watermark reached them (wait bound or cap).');
  const state = gauge(registry, 'osprey_correlator_state_entries', 'Entries held in bounded correlator state.', ['component']);
  const ruleErrors = counter(registry, 'osprey_correlator_rule_errors_total', 'Rule documents that failed to load.');
  return {
    stage: stageMetrics(registry, 'correlator'),
    attributed: (result, count) => attributed.inc({ result }, count),
    alerts: (ruleType, count) => alerts.inc({ rule_type: ruleType }, count),
    lateEvents: (count) => late.inc(count),
    forcedFlows: (count) => forced.inc(count),
    stateSize: (component, entries) => state.set({ component }, entries),
    ruleErrors: (count) => ruleErrors.inc(count),
  };
}
