/**
 * The correlator stage: endpoint events (enriched_event) and sensor records (network_event) in; attributed flows
 * (enriched_event on the attributed topic) and alerts out. Endpoint events feed attribution state and the
 * detections at once; flows wait in the attributor for the endpoint watermark, then go through the detections.
 */
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';
import type { AttributedFlow, AttributionCounters, AttributionResult, Attributor } from './attribution/attributor.js';
import { hostKeyOf } from './attribution/socket-rows.js';
import type { CorrelatorMetrics } from './metrics.js';
import type { CorrelatorEvent, Detector } from './rules/types.js';
import type { AlertInput } from '../schemas/generated/alert.js';
import type { EnrichedEventInput } from '../schemas/generated/enriched_event.js';
import type { HostInput } from '../schemas/generated/shared.js';
import type { NetworkEventInput } from '../schemas/generated/network_event.js';

export type CorrelatorInput =
  | { readonly schema: 'enriched_event'; readonly value: EnrichedEventInput }
  | { readonly schema: 'network_event'; readonly value: NetworkEventInput }
  | { readonly schema: 'host_metadata'; readonly value: { hostIdentifier: string; host: HostInput } };

export type CorrelatorOutput =
  | { readonly kind: 'attributed'; readonly value: EnrichedEventInput }
  | { readonly kind: 'alert'; readonly value: AlertInput };

export interface CorrelatorStageOptions {
  readonly attributor: Attributor;
  readonly detectors: readonly Detector[];
  readonly metrics: CorrelatorMetrics;
  readonly log: Logger;
}

/** Each attribution result's metric label and the attributor counter that counts it. */
const RESULT_COUNTERS: readonly (readonly [AttributionResult, keyof AttributionCounters])[] = [
  ['matched', 'matched'],
  ['matched_remote_endpoint', 'matchedRemoteEndpoint'],
  ['ambiguous', 'ambiguous'],
  ['unmatched', 'unmatched'],
];

export class CorrelatorStage implements Stage<CorrelatorInput, CorrelatorOutput> {
  readonly name = 'correlator';
  readonly #attributor: Attributor;
  readonly #detectors: readonly Detector[];
  readonly #metrics: CorrelatorMetrics;
  readonly #log: Logger;
  readonly metrics: CorrelatorMetrics;
  /** Flows the attributor released for one input, reused from flow to flow. */
  readonly #ready: AttributedFlow[] = [];
  /** The attributor's counters as last exported: #maintain exports what they gained since. */
  readonly #reported: AttributionCounters;

  constructor(options: CorrelatorStageOptions) {
    this.#attributor = options.attributor;
    this.#reported = { ...options.attributor.counters };
    this.#detectors = options.detectors;
    this.#metrics = options.metrics;
    this.metrics = options.metrics;
    this.#log = options.log;
  }

  async process(batch: readonly CorrelatorInput[]): Promise<CorrelatorOutput[]> {
    const out: CorrelatorOutput[] = [];
    for (const input of batch) {
      if (input.schema === 'host_metadata') this.#attributor.observeHost(input.value.hostIdentifier, input.value.host);
      else if (input.schema === 'enriched_event') this.#endpoint(input.value, out);
      else this.#emitFlows(this.#attributor.addFlow(input.value, this.#ready), out);
    }
    this.#emitFlows(this.#attributor.drainReady(), out);
    this.#maintain();
    return out;
  }

  /** Time-driven work when no input arrives: release flows past the wall-clock bound, evict, export sizes. */
  tick(): CorrelatorOutput[] {
    const out: CorrelatorOutput[] = [];
    this.#emitFlows(this.#attributor.drainReady(), out);
    this.#maintain();
    return out;
  }

  async close(): Promise<CorrelatorOutput[]> {
    const out: CorrelatorOutput[] = [];
    this.#emitFlows(this.#attributor.flush(), out);
    this.#maintain();
    for (const detector of this.#detectors) {
      try {
        detector.close?.();
      } catch (err) {
        this.#log.error({ err, rule: detector.meta.id }, 'A rule could not save its history at shutdown.');
      }
    }
    return out;
  }

  #endpoint(doc: EnrichedEventInput, out: CorrelatorOutput[]): void {
    this.#attributor.observeEndpoint(doc);
    // No detections (attribution only): nothing would read the filled-in copy.
    if (this.#detectors.length > 0) this.#detect({ kind: 'endpoint', doc: this.#withProcessFacts(doc) }, out);
  }

  /** Socket and listener rows carry only a pid: detections want the executable, user and hash known for it. */
  #withProcessFacts(doc: EnrichedEventInput): EnrichedEventInput {
    const pid = doc.process?.pid;
    if (doc.process?.executable || pid === null || pid === undefined) return doc;
    const hostKey = hostKeyOf(doc);
    const known = hostKey === null ? null : this.#attributor.processes.get(hostKey, pid);
    if (!known) return doc;
    // The cache is keyed by pid, so its process already carries this pid: share it rather than copy it per row.
    const process = known.process.pid === pid ? known.process : { ...known.process, pid };
    return { ...doc, process, user: doc.user ?? known.user };
  }

  /** Emits the flows (and their alerts) and empties the array, which is #ready when called per flow. */
  #emitFlows(flows: AttributedFlow[], out: CorrelatorOutput[]): void {
    if (flows.length === 0) return;
    const detect = this.#detectors.length > 0;
    for (const attributed of flows) {
      out.push({ kind: 'attributed', value: attributed.document });
      if (detect) this.#detect({ kind: 'network', doc: attributed.document, flow: attributed.flow }, out);
    }
    flows.length = 0;
  }

  #detect(event: CorrelatorEvent, out: CorrelatorOutput[]): void {
    for (const detector of this.#detectors) {
      let alerts: readonly AlertInput[];
      try {
        alerts = detector.onEvent(event);
      } catch (err) {
        // A faulty rule must not stop the others or lose the event: count it and go on.
        this.#metrics.stage.error('rule');
        this.#log.warn(
          { err, rule: detector.meta.id, event: event.doc.id },
          'A rule failed on an event; skipped that rule for it.',
        );
        continue;
      }
      if (alerts.length === 0) continue;
      this.#metrics.alerts(detector.meta.type, alerts.length);
      for (const alert of alerts) out.push({ kind: 'alert', value: alert });
    }
  }

  /** What the attributor's counters gained since the last export, into the metrics. */
  #exportCounters(): void {
    const counters = this.#attributor.counters;
    const gained = (counter: keyof AttributionCounters): number => counters[counter] - this.#reported[counter];
    for (const [result, counter] of RESULT_COUNTERS)
      if (gained(counter) > 0) this.#metrics.attributed(result, gained(counter));
    if (gained('lateEndpointEvents') > 0) this.#metrics.lateEvents(gained('lateEndpointEvents'));
    if (gained('forced') > 0) this.#metrics.forcedFlows(gained('forced'));
    Object.assign(this.#reported, counters);
  }

  #maintain(): void {
    const a = this.#attributor;
    this.#exportCounters();
    a.evict();
    const watermark = a.watermark;
    if (Number.isFinite(watermark)) for (const d of this.#detectors) d.evict(watermark);
    this.#metrics.stateSize('sockets', a.sockets.size);
    this.#metrics.stateSize('remote_connects', a.remoteConnects.size);
    this.#metrics.stateSize('processes', a.processes.size);
    this.#metrics.stateSize('hosts', a.hosts.size);
    this.#metrics.stateSize('pending_flows', a.pendingFlows);
    const byType = new Map<string, number>();
    for (const d of this.#detectors) byType.set(d.meta.type, (byType.get(d.meta.type) ?? 0) + d.stateSize());
    for (const [type, size] of byType) this.#metrics.stateSize(`rule_${type}`, size);
  }
}
