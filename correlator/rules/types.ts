/** The contract every detection implements, and what a rule file's common fields become. */
import type { AlertInput, Severity } from '../../schemas/generated/alert.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';

/** One event as detections see it: an enriched endpoint event, or an attributed flow with its sensor record. */
export interface CorrelatorEvent {
  readonly kind: 'endpoint' | 'network';
  readonly doc: EnrichedEventInput;
  /** The normalized sensor record, for network events (IDS alert fields, raw text). */
  readonly flow?: NetworkEventInput;
}

export interface RuleMeta {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly description: string | null;
  readonly severity: Severity;
  readonly riskScore: number;
  readonly tags: string[];
  readonly mitreTechniques: string[];
}

export interface Detector {
  readonly meta: RuleMeta;
  /** Alerts this event completes (usually none). Detections keep their own bounded state. */
  onEvent(event: CorrelatorEvent): readonly AlertInput[];
  /** Drops state older than the watermark allows. */
  evict(watermark: number): void;
  /** Entries held (keys, windows, partial sequences), for the state-size metrics. */
  stateSize(): number;
  /** Saves what must survive a restart (called at shutdown). */
  close?(): void;
}

/** A rule document as read from YAML, validated by each factory. */
export type RuleDocument = Record<string, unknown>;

export interface RuleContext {
  /** The directory the rule file is in: relative paths in rules (a Sigma directory) resolve against it. */
  readonly baseDir: string;
  /** Where detections with history (first-seen terms) keep it across restarts; none = memory only. */
  readonly stateDir?: string;
}

export type DetectorFactory = (doc: RuleDocument, ctx: RuleContext) => Detector[];

/** What most events raise: one shared empty list, so the usual answer allocates nothing. */
export const NO_ALERTS: readonly AlertInput[] = Object.freeze([]);

export const SEVERITY_RISK: Record<Severity, number> = { low: 21, medium: 47, high: 73, critical: 99 };
