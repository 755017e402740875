/**
 * The quality report as one self-contained HTML page (`osprey replay … --labels F --html out.html`): a timeline in
 * inline SVG — per host, its malicious flows and the alerts on it; per rule, its alerts, true positives (on a
 * malicious host) apart from false ones — over event time, then the quality table. No scripts, no external
 * stylesheets, fonts or images: the page opens offline and leaks nothing when opened. Marks are binned to the
 * pixel column, so a recording of millions of flows still gives a small page; each lane states its exact count.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import type { AlertInput } from '../../schemas/generated/alert.js';
import { isMalicious, type Labels } from './labels.js';
import { alertFacts, type AlertFacts, type QualityReport, type QualityRow } from './quality.js';
import type { FlowFacts } from './replay.js';

const WIDTH = 1000;
const LABEL_WIDTH = 260;
const LANE_HEIGHT = 18;
const AXIS_HEIGHT = 28;
/** Lanes beyond these are summed up in one line of text, not drawn. */
const MAX_HOSTS = 40;
const MAX_RULES = 60;

export interface HtmlReportInput {
  readonly title: string;
  readonly flows: readonly FlowFacts[];
  readonly alerts: readonly AlertInput[];
  readonly labels: Labels;
  readonly quality: QualityReport;
}

/** One row of the timeline: a name and the times of its marks, by kind (colour). */
interface Lane {
  readonly name: string;
  readonly marks: Readonly<Record<MarkKind, readonly number[]>>;
}

type MarkKind = 'malicious' | 'tp' | 'fp';

const COLOURS: Readonly<Record<MarkKind, string>> = { malicious: '#c0392b', tp: '#1e8449', fp: '#7f8c8d' };
const KIND_TEXT: Readonly<Record<MarkKind, string>> = {
  malicious: 'malicious flows',
  tp: 'alerts on a malicious host',
  fp: 'alerts on another host',
};

export function writeHtmlReport(file: string, input: HtmlReportInput): void {
  writeFileSync(file, htmlReport(input), { mode: 0o600 });
  chmodSync(file, 0o600); // the mode above only applies when the file is created
}

export function htmlReport(input: HtmlReportInput): string {
  const byId = new Map(input.flows.map((f) => [f.id, f]));
  const facts = input.alerts.map((a) => alertFacts(a, byId));
  const maliciousHosts = new Set(input.quality.maliciousHosts);
  const maliciousFlows = input.flows.filter((f) => isMalicious(input.labels, f));
  const hostLanes = hostTimeline(maliciousFlows, facts, maliciousHosts);
  const ruleLanes = ruleTimeline(facts, maliciousHosts);
  const range = timeRange([...input.flows.map((f) => f.time), ...facts.map((f) => f.time)]);
  const empty = range === null;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<p>${escapeHtml(totals(input.quality))}</p>`,
    legend(),
    empty ? '<p>No flows or alerts to plot.</p>' : '',
    empty ? '' : section({ title: 'Hosts', id: 'hosts', lanes: hostLanes, max: MAX_HOSTS }, range),
    empty ? '' : section({ title: 'Rules', id: 'rules', lanes: ruleLanes, max: MAX_RULES }, range),
    '<h2>Quality</h2>',
    qualityTableHtml(input.quality),
    '</body></html>',
    '',
  ].join('\n');
}

/** Hosts with malicious flows first, then hosts alerted on; each lane: its malicious flows and the alerts on it. */
function hostTimeline(
  maliciousFlows: readonly FlowFacts[],
  facts: readonly AlertFacts[],
  maliciousHosts: ReadonlySet<string>,
): Lane[] {
  const lanes = new Map<string, { malicious: number[]; tp: number[]; fp: number[] }>();
  const lane = (host: string): { malicious: number[]; tp: number[]; fp: number[] } => {
    let found = lanes.get(host);
    if (!found) lanes.set(host, (found = { malicious: [], tp: [], fp: [] }));
    return found;
  };
  for (const host of [...maliciousHosts].sort()) lane(host);
  for (const flow of maliciousFlows) if (flow.srcIp) lane(flow.srcIp).malicious.push(flow.time);
  for (const fact of facts)
    for (const host of fact.hosts) lane(host)[maliciousHosts.has(host) ? 'tp' : 'fp'].push(fact.time);
  return [...lanes].map(([name, marks]) => ({ name, marks }));
}

function ruleTimeline(facts: readonly AlertFacts[], maliciousHosts: ReadonlySet<string>): Lane[] {
  const lanes = new Map<string, { malicious: number[]; tp: number[]; fp: number[] }>();
  for (const fact of facts) {
    let lane = lanes.get(fact.rule);
    if (!lane) lanes.set(fact.rule, (lane = { malicious: [], tp: [], fp: [] }));
    lane[fact.hosts.some((h) => maliciousHosts.has(h)) ? 'tp' : 'fp'].push(fact.time);
  }
  return [...lanes].sort(([a], [b]) => a.localeCompare(b)).map(([name, marks]) => ({ name, marks }));
}

interface Range {
  readonly from: number;
  readonly to: number;
}

/** A loop, not Math.min(...times): a recording has millions of flows, more than a call's arguments may be. */
function timeRange(times: readonly number[]): Range | null {
  let from = Infinity;
  let to = -Infinity;
  for (const time of times) {
    if (!Number.isFinite(time)) continue;
    if (time < from) from = time;
    if (time > to) to = time;
  }
  return from === Infinity ? null : { from, to };
}

interface Section {
  readonly title: string;
  readonly id: string;
  readonly lanes: readonly Lane[];
  readonly max: number;
}

function section({ title, id, lanes, max }: Section, range: Range): string {
  const shown = lanes.slice(0, max);
  const left = lanes.length - shown.length;
  return [
    `<h2>${title}</h2>`,
    shown.length === 0 ? '<p>None.</p>' : timelineSvg(id, shown, range),
    left > 0 ? `<p>${left} more not drawn (the table below counts every one).</p>` : '',
  ].join('\n');
}

function timelineSvg(id: string, lanes: readonly Lane[], range: Range): string {
  const height = AXIS_HEIGHT + lanes.length * LANE_HEIGHT;
  const plot = WIDTH - LABEL_WIDTH - 10;
  const x = (time: number): number =>
    range.to === range.from
      ? LABEL_WIDTH
      : LABEL_WIDTH + Math.round(((time - range.from) / (range.to - range.from)) * plot);
  const rows = lanes.map((lane, i) => laneSvg(lane, AXIS_HEIGHT + i * LANE_HEIGHT, x));
  return [
    `<svg id="${id}" width="${WIDTH}" height="${height}" role="img">`,
    axisSvg(range, plot),
    ...rows,
    '</svg>',
  ].join('\n');
}

function laneSvg(lane: Lane, top: number, x: (time: number) => number): string {
  const counts = (Object.keys(COLOURS) as MarkKind[]).map((kind) => `data-${kind}="${lane.marks[kind].length}"`);
  const parts = [`<g class="lane" data-name="${escapeHtml(lane.name)}" ${counts.join(' ')}>`];
  parts.push(`<text x="4" y="${top + 13}">${escapeHtml(truncate(lane.name, 38))}</text>`);
  parts.push(`<line x1="${LABEL_WIDTH}" x2="${WIDTH - 10}" y1="${top + 9}" y2="${top + 9}" class="rule"/>`);
  (Object.keys(COLOURS) as MarkKind[]).forEach((kind, k) => {
    // One mark per pixel column: the count is in the lane's data attributes and in the tooltip.
    const columns = new Map<number, number>();
    for (const time of lane.marks[kind]) columns.set(x(time), (columns.get(x(time)) ?? 0) + 1);
    for (const [column, n] of columns)
      parts.push(
        `<rect x="${column}" y="${top + 2 + k * 5}" width="2" height="5" fill="${COLOURS[kind]}">` +
          `<title>${n} ${KIND_TEXT[kind]}</title></rect>`,
      );
  });
  parts.push('</g>');
  return parts.join('');
}

function axisSvg(range: Range, plot: number): string {
  const ticks = 5;
  const out: string[] = [];
  for (let i = 0; i <= ticks; i++) {
    const time = range.from + ((range.to - range.from) * i) / ticks;
    const at = LABEL_WIDTH + Math.round((plot * i) / ticks);
    const anchor = i === 0 ? 'start' : i === ticks ? 'end' : 'middle';
    out.push(`<text x="${at}" y="12" text-anchor="${anchor}" class="axis">${isoSeconds(time)}</text>`);
    out.push(`<line x1="${at}" x2="${at}" y1="16" y2="22" class="rule"/>`);
  }
  return out.join('');
}

function legend(): string {
  const items = (Object.keys(COLOURS) as MarkKind[]).map(
    (kind) => `<span><i style="background:${COLOURS[kind]}"></i>${KIND_TEXT[kind]}</span>`,
  );
  return `<p class="legend">${items.join(' ')}</p>`;
}

function qualityTableHtml(report: QualityReport): string {
  const head = ['rule', 'alerts', 'flow TP', 'flow FP', 'flow P', 'flow R', 'host TP', 'host FP', 'host P', 'host R'];
  const cells = (r: QualityRow): string[] => [
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
  ];
  const row = (values: readonly string[], tag: 'td' | 'th'): string =>
    `<tr>${values.map((v) => `<${tag}>${escapeHtml(v)}</${tag}>`).join('')}</tr>`;
  const body = [...report.rules, report.overall].map((r) => row(cells(r), 'td'));
  return `<table id="quality">${row([...head, 'first alert'], 'th')}${body.join('')}</table>`;
}

function totals(report: QualityReport): string {
  return (
    `${report.flows} flows, ${report.maliciousFlows} malicious from ${report.maliciousHosts.length} host(s); ` +
    `${report.flowsAttributedToProcess} attributed to a process (${report.maliciousFlowsAttributedToProcess} ` +
    `malicious); ${report.overall.alerts} alerts.`
  );
}

function fixed(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}

function isoSeconds(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z') : '';
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE =
  'body{font:14px system-ui,sans-serif;margin:24px;color:#222}' +
  'svg text{font:11px monospace;fill:#222}svg .axis{fill:#555}svg .rule{stroke:#ddd}' +
  'table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}' +
  'td:first-child,th:first-child{text-align:left}' +
  '.legend span{margin-right:16px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}';
