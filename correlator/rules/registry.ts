/** Detection kinds, keyed by the rule document's `type` (an explicit registry, as for sinks and buses). */
import { beaconingFactory } from '../anomalies/beaconing.js';
import { newListenerFactory, newTermsFactory } from '../anomalies/new-terms.js';
import { rareProcessFactory } from '../anomalies/rare-process.js';
import { suspiciousPathFactory } from '../anomalies/suspicious-path.js';
import { eventCountFactory, valueCountFactory } from './counting.js';
import { idsFactory } from './ids.js';
import { sequenceFactory, temporalFactory } from './sequence.js';
import { sigmaFactory } from './sigma-detector.js';
import type { DetectorFactory } from './types.js';

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
