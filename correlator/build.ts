/** Builds a correlator stage from config: rules loaded (errors reported, good rules kept), state, metrics. */
import type { Registry } from 'prom-client';
import type { Logger } from '../common/logger.js';
import { fromRoot } from '../common/paths.js';
import { Attributor } from './attribution/attributor.js';
import type { AttributionConfig } from './attribution/config.js';
import { correlatorMetrics } from './metrics.js';
import { loadRuleDirectory } from './load-rules.js';
import { setSigmaReportLogger } from './rules/sigma-detector.js';
import type { Detector } from './rules/types.js';
import { CorrelatorStage } from './stage.js';

export const BUILTIN_RULES_DIR = 'correlator/rules/builtin';

export interface BuildCorrelatorOptions {
  readonly attribution: AttributionConfig;
  readonly rules: { readonly builtin: boolean; readonly dirs: readonly string[] };
  readonly registry: Registry;
  readonly log: Logger;
  readonly now?: () => number;
  /** Where first-seen history is kept across restarts (private files); none = memory only. */
  readonly stateDir?: string;
}

export interface Correlator {
  readonly stage: CorrelatorStage;
  readonly attributor: Attributor;
  readonly detectors: readonly Detector[];
}

export function loadDetectors(
  rules: BuildCorrelatorOptions['rules'],
  log: Logger,
  onErrors: (n: number) => void,
  stateDir?: string,
): Detector[] {
  setSigmaReportLogger(log);
  const dirs = [...(rules.builtin ? [fromRoot(BUILTIN_RULES_DIR)] : []), ...rules.dirs];
  const detectors: Detector[] = [];
  for (const dir of dirs) {
    const loaded = loadRuleDirectory(dir, stateDir);
    detectors.push(...loaded.detectors);
    for (const err of loaded.errors) log.error({ err }, 'A rule could not be loaded; the others run.');
    if (loaded.errors.length > 0) onErrors(loaded.errors.length);
  }
  return detectors;
}

export function buildCorrelator(options: BuildCorrelatorOptions): Correlator {
  const log = options.log;
  const metrics = correlatorMetrics(options.registry);
  const detectors = loadDetectors(options.rules, log, (n) => metrics.ruleErrors(n), options.stateDir);
  const attributor = new Attributor(options.attribution, options.now);
  log.info(
    { detectors: detectors.length, types: [...new Set(detectors.map((d) => d.meta.type))] },
    'Correlator rules loaded.',
  );
  return { stage: new CorrelatorStage({ attributor, detectors, metrics, log }), attributor, detectors };
}
