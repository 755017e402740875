/**
 * `type: sigma` rule files: a directory of Sigma rules (relative to the rule file), compiled once. Each matching
 * event raises an alert, suppressed per rule and (host, process executable) for `suppress`.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Logger } from '../../common/logger.js';
import type { SigmaRule } from '../sigma/compile.js';
import type { AlertInput } from '../../schemas/generated/alert.js';
import { loadSigmaDirectory } from '../sigma/loader.js';
import { indexRules, type RuleIndex } from '../sigma/prefilter.js';
import { buildAlert, describeProcess } from './alert-builder.js';
import { Suppressor } from './bounded-map.js';
import { optionalDuration, requireString } from './parse-fields.js';
import { SEVERITY_RISK, type CorrelatorEvent, type Detector, type DetectorFactory } from './types.js';

let reportLog: Logger | undefined;
const NO_ALERTS: AlertInput[] = [];

/** Where the sigma factory reports the rules it could not load (set by the stage). */
export function setSigmaReportLogger(log: Logger): void {
  reportLog = log;
}

export const sigmaFactory: DetectorFactory = (doc, ctx) => {
  const path = requireString(doc, 'path');
  const dir = isAbsolute(path) ? path : resolve(ctx.baseDir, path);
  const suppressMs = optionalDuration(doc, 'suppress', 0);
  const report = loadSigmaDirectory(dir);
  if (report.rejected.length > 0) {
    reportLog?.warn(
      { dir, rejected: report.rejected.length, loaded: report.loaded.length },
      'Some Sigma rules cannot be evaluated; run correlator/sigma/report.ts for the reasons.',
    );
  }
  return [sigmaSetDetector(typeof doc.id === 'string' ? doc.id : `sigma:${dir}`, report.loaded, suppressMs)];
};

/**
 * All rules of one directory as one detector: rules are grouped by logsource category, so an event is tested only
 * against the rules of the categories it belongs to (a process start is never run through file_event rules).
 */
export function sigmaSetDetector(id: string, rules: readonly SigmaRule[], suppressMs: number): Detector {
  const groups = new Map<
    string,
    { appliesTo: SigmaRule['appliesTo']; rules: SigmaRule[]; detectors: Detector[]; index?: RuleIndex }
  >();
  for (const rule of rules) {
    let group = groups.get(rule.category);
    if (!group) groups.set(rule.category, (group = { appliesTo: rule.appliesTo, rules: [], detectors: [] }));
    group.rules.push(rule);
    group.detectors.push(sigmaDetector(rule, suppressMs));
  }
  for (const group of groups.values()) group.index = indexRules(group.rules);
  const all = [...groups.values()].flatMap((g) => g.detectors);
  return {
    meta: {
      id,
      name: `Sigma rules (${rules.length})`,
      type: 'sigma',
      description: null,
      severity: 'medium',
      riskScore: 47,
      tags: [],
      mitreTechniques: [],
    },
    onEvent(event) {
      let out: AlertInput[] | undefined;
      for (const group of groups.values()) {
        if (!group.appliesTo(event.doc)) continue;
        // Test the predicates first: building a result per rule for the usual no-match would be garbage.
        const candidates = group.index?.candidates(event.doc.process?.executable) ?? group.rules.map((_, i) => i);
        for (const i of candidates) {
          if (!(group.rules[i] as SigmaRule).matches(event.doc)) continue;
          (out ??= []).push(...(group.detectors[i] as Detector).onEvent(event));
        }
      }
      return out ?? NO_ALERTS;
    },
    evict: (watermark) => all.forEach((d) => d.evict(watermark)),
    stateSize: () => all.reduce((n, d) => n + d.stateSize(), 0),
  };
}

/** One Sigma rule; the caller has checked that the event is in the rule's logsource category. */
export function sigmaDetector(rule: SigmaRule, suppressMs: number): Detector {
  const meta = {
    id: rule.id,
    name: rule.title,
    type: 'sigma',
    description: rule.description,
    severity: rule.level,
    riskScore: SEVERITY_RISK[rule.level],
    tags: rule.tags,
    mitreTechniques: rule.mitreTechniques,
  };
  const suppressor = new Suppressor(suppressMs, 10_000);
  return {
    meta,
    onEvent(event: CorrelatorEvent) {
      const doc = event.doc;
      if (!rule.matches(doc)) return [];
      const key = `${doc.host?.id ?? doc.host?.name ?? ''}|${doc.process?.executable ?? ''}`;
      if (!suppressor.allow(key, doc.timestamp)) return [];
      return [
        buildAlert({
          meta,
          groupKey: `${key}|${doc.id}`,
          windowStart: doc.timestamp,
          message: `Sigma: ${rule.title}: ${describeProcess(doc)}.`,
          evidence: [event],
        }),
      ];
    },
    evict: (watermark) => suppressor.evict(watermark),
    stateSize: () => suppressor.size,
  };
}
