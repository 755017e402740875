/**
 * How good the detections were on a labelled recording, per rule and overall: alerts; true and false positives by
 * flow (the flows an alert names as evidence) and by host (the source address of those flows, else the alert's);
 * precision and recall of each; time from the first malicious flow to the first alert on a malicious host; and how
 * many flows were attributed to a host process.
 */
import type { AlertInput } from '../../schemas/generated/alert.js';
import { isMalicious, type Labels } from './labels.js';
import type { FlowFacts } from './replay.js';

export interface QualityRow {
  readonly rule: string;
  readonly alerts: number;
  readonly flows: {
    readonly tp: number;
    readonly fp: number;
    readonly precision: number | null;
    readonly recall: number | null;
  };
  readonly hosts: {
    readonly tp: number;
    readonly fp: number;
    readonly precision: number | null;
    readonly recall: number | null;
  };
  /** ms from the first malicious flow to this rule's first alert on a malicious host; null when it never alerted on one. */
  readonly timeToFirstAlertMs: number | null;
}

export interface QualityReport {
  readonly flows: number;
  readonly maliciousFlows: number;
  readonly maliciousHosts: readonly string[];
  readonly flowsAttributedToProcess: number;
  readonly maliciousFlowsAttributedToProcess: number;
  readonly rules: readonly QualityRow[];
  readonly overall: QualityRow;
}

/** What the report reads of an alert: its rule, time, the flows it names and the hosts (source addresses) they come from. */
export interface AlertFacts {
  readonly rule: string;
  readonly time: number;
  readonly flows: readonly string[];
  readonly hosts: readonly string[];
}

export function qualityReport(
  flows: readonly FlowFacts[],
  alerts: readonly AlertInput[],
  labels: Labels,
): QualityReport {
  const byId = new Map(flows.map((f) => [f.id, f]));
  const malicious = new Set(flows.filter((f) => isMalicious(labels, f)).map((f) => f.id));
  const maliciousHosts = new Set<string>();
  let firstMalicious = Infinity;
  for (const id of malicious) {
    const flow = byId.get(id);
    if (flow?.srcIp) maliciousHosts.add(flow.srcIp);
    if (flow && flow.time < firstMalicious) firstMalicious = flow.time;
  }
  const facts = alerts.map((a) => alertFacts(a, byId));
  const truth: Truth = { malicious, maliciousHosts, firstMalicious };
  const rules = [...new Set(facts.map((f) => f.rule))].sort().map((rule) =>
    row(
      rule,
      facts.filter((f) => f.rule === rule),
      truth,
    ),
  );
  return {
    flows: flows.length,
    maliciousFlows: malicious.size,
    maliciousHosts: [...maliciousHosts].sort(),
    flowsAttributedToProcess: flows.filter((f) => f.process).length,
    maliciousFlowsAttributedToProcess: flows.filter((f) => f.process && malicious.has(f.id)).length,
    rules,
    overall: row('overall', facts, truth),
  };
}

export function alertFacts(alert: AlertInput, byId: ReadonlyMap<string, FlowFacts>): AlertFacts {
  const flowIds = (alert.evidence ?? []).map((e) => e.id).filter((id) => byId.has(id));
  const hosts = new Set<string>();
  for (const id of flowIds) {
    const src = byId.get(id)?.srcIp;
    if (src) hosts.add(src);
  }
  if (hosts.size === 0 && alert.source?.ip) hosts.add(alert.source.ip);
  if (hosts.size === 0) for (const ip of alert.host?.ip ?? []) hosts.add(ip);
  return { rule: alert.rule.id, time: alert.timestamp, flows: [...new Set(flowIds)], hosts: [...hosts] };
}

interface Truth {
  readonly malicious: ReadonlySet<string>;
  readonly maliciousHosts: ReadonlySet<string>;
  readonly firstMalicious: number;
}

function row(rule: string, facts: readonly AlertFacts[], truth: Truth): QualityRow {
  const flows = new Set(facts.flatMap((f) => f.flows));
  const hosts = new Set(facts.flatMap((f) => f.hosts));
  const flowTp = [...flows].filter((id) => truth.malicious.has(id)).length;
  const hostTp = [...hosts].filter((h) => truth.maliciousHosts.has(h)).length;
  const onMalicious = facts.filter((f) => f.hosts.some((h) => truth.maliciousHosts.has(h))).map((f) => f.time);
  const first = onMalicious.length > 0 ? Math.min(...onMalicious) : null;
  return {
    rule,
    alerts: facts.length,
    flows: {
      tp: flowTp,
      fp: flows.size - flowTp,
      precision: ratio(flowTp, flows.size),
      recall: ratio(flowTp, truth.malicious.size),
    },
    hosts: {
      tp: hostTp,
      fp: hosts.size - hostTp,
      precision: ratio(hostTp, hosts.size),
      recall: ratio(hostTp, truth.maliciousHosts.size),
    },
    timeToFirstAlertMs:
      first === null || !Number.isFinite(truth.firstMalicious) ? null : Math.max(0, first - truth.firstMalicious),
  };
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : n / d;
}

/** The report as a fixed-width table (numbers right-aligned, ratios to three places, `-` where undefined). */
export function qualityTable(report: QualityReport): string {
  const head = [
    'rule',
    'alerts',
    'flow TP',
    'flow FP',
    'flow P',
    'flow R',
    'host TP',
    'host FP',
    'host P',
    'host R',
    'first alert',
  ];
  const lines = [...report.rules, report.overall].map((r) => [
    r.rule,
    String(r.alerts),
    String(r.flows.tp),
    String(r.flows.fp),
    fixed(r.flows.precision),
    fixed(r.flows.recall),
    String(r.hosts.tp),
    String(r.hosts.fp),
    fixed(r.hosts.precision),
    fixed(r.hosts.recall),
    r.timeToFirstAlertMs === null ? '-' : `${(r.timeToFirstAlertMs / 1000).toFixed(1)}s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const totals =
    `flows ${report.flows}, malicious ${report.maliciousFlows} from ${report.maliciousHosts.length} host(s) ` +
    `(${report.maliciousHosts.join(', ') || 'none'}); attributed to a process ${report.flowsAttributedToProcess} ` +
    `(malicious ${report.maliciousFlowsAttributedToProcess})`;
  return [format(head), ...lines.map(format), totals].join('\n');
}

function fixed(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}
