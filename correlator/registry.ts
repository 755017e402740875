/** Detection kinds, keyed by the rule document's `type` (an explicit registry, as for sinks and buses). */
import { beaconingFactory } from './anomalies/beaconing.js';
import { newListenerFactory, newTermsFactory } from './anomalies/new-terms.js';
import { rareProcessFactory } from './anomalies/rare-process.js';
import { suspiciousPathFactory } from './anomalies/suspicious-path.js';
import { eventCountFactory, valueCountFactory } from './rules/counting.js';
import { idsFactory } from './rules/ids.js';
import { sequenceFactory, temporalFactory } from './rules/sequence.js';
import { sigmaFactory } from './rules/sigma-detector.js';
import type { DetectorFactory } from './rules/types.js';

export const RULE_TYPES = {
  ids: idsFactory,
  sigma: sigmaFactory,
  sequence: sequenceFactory,
  temporal: temporalFactory,
  event_count: eventCountFactory,
  value_count: valueCountFactory,
  new_terms: newTermsFactory,
  new_listener: newListenerFactory,
  beaconing: beaconingFactory,
  suspicious_path: suspiciousPathFactory,
  rare_process: rareProcessFactory,
} satisfies Record<string, DetectorFactory>;

export type RuleType = keyof typeof RULE_TYPES;
