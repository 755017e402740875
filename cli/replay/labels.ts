/**
 * Ground truth for the quality report, from any of three files:
 * - `{ "malicious": [ { "src", "dst", "port", "from", "to" } ] }` (every field optional; times ISO text or epoch
 *   seconds): a flow matching every field an entry gives is malicious;
 * - a Zeek conn log with Stratosphere's per-flow labels (a `label` column, or IoT-23's last column
 *   `tunnel_parents label detailed-label` whose three names share one field): rows labelled `Malicious…` name the
 *   malicious flows by 5-tuple and time. The rows are read with the project's Zeek parser;
 * - a Stratosphere `labels.config` (labels-config.ts): its rules label the replayed flows themselves.
 */
import { OspreyError } from '../../common/errors.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';
import { createZeekParser } from '../../sensors/parsers/zeek.js';
import { isLabelsConfig, isMaliciousLabel, labelOf, parseLabelsConfig } from './labels-config.js';
import { readLogText } from './sources.js';

export interface LabelEntry {
  readonly src?: string;
  readonly dst?: string;
  readonly port?: number;
  readonly from?: number;
  readonly to?: number;
}

export interface Labels {
  readonly entries: readonly LabelEntry[];
  /** flowKey()s of flows labelled malicious one by one. */
  readonly flowKeys: ReadonlySet<string>;
}

export interface LabelledFlow {
  readonly time: number;
  readonly srcIp: string | null;
  readonly srcPort: number | null;
  readonly dstIp: string | null;
  readonly dstPort: number | null;
}

/** A flow's identity across files: 5-tuple ends and the time to the millisecond. */
export function flowKey(flow: LabelledFlow): string {
  return `${flow.srcIp}|${flow.srcPort}|${flow.dstIp}|${flow.dstPort}|${Math.round(flow.time)}`;
}

export function isMalicious(labels: Labels, flow: LabelledFlow): boolean {
  if (labels.flowKeys.size > 0 && labels.flowKeys.has(flowKey(flow))) return true;
  return labels.entries.some((e) => entryMatches(e, flow));
}

function entryMatches(entry: LabelEntry, flow: LabelledFlow): boolean {
  if (entry.src !== undefined && entry.src !== flow.srcIp) return false;
  if (entry.dst !== undefined && entry.dst !== flow.dstIp) return false;
  if (entry.port !== undefined && entry.port !== flow.dstPort) return false;
  if (entry.from !== undefined && flow.time < entry.from) return false;
  if (entry.to !== undefined && flow.time > entry.to) return false;
  return true;
}

/** `flows`: the network records replayed, which a labels.config labels (the other formats name flows themselves). */
export function loadLabels(file: string, flows: readonly NetworkEventInput[] = []): Labels {
  const opened = openLabels(file);
  for (const flow of flows) opened.observe(flow);
  return opened.labels;
}

/**
 * Labels to fill while the replay streams: a labels.config labels each network record `observe` is given (its
 * flowKeys grow as they come); the other formats are complete at once and `observe` does nothing.
 */
export interface OpenedLabels {
  readonly labels: Labels;
  observe(flow: NetworkEventInput): void;
}

export function openLabels(file: string): OpenedLabels {
  const text = readLogText(file);
  const whole = parseWhole(text);
  if (whole !== undefined && whole !== null && typeof whole === 'object' && 'malicious' in whole)
    return { labels: jsonLabels(file, whole), observe: () => undefined };
  return isLabelsConfig(text) ? configLabels(file, text) : { labels: zeekLabels(file, text), observe: () => undefined };
}

function configLabels(file: string, text: string): OpenedLabels {
  const rules = parseLabelsConfig(file, text);
  const keys = new Set<string>();
  return {
    labels: { entries: [], flowKeys: keys },
    observe: (flow) => {
      if (isMaliciousLabel(labelOf(rules, flow))) keys.add(flowKey(labelledFlow(flow)));
    },
  };
}

function labelledFlow(event: NetworkEventInput): LabelledFlow {
  return {
    time: event.timestamp,
    srcIp: event.source?.ip ?? null,
    srcPort: event.source?.port ?? null,
    dstIp: event.destination?.ip ?? null,
    dstPort: event.destination?.port ?? null,
  };
}

/** The file as one JSON document, or undefined (a Zeek log, TSV or one JSON object a line). */
function parseWhole(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function labelError(file: string, reason: string): OspreyError {
  return new OspreyError('CONFIG_INVALID', `${file}: ${reason}`, { retriable: false, context: { file } });
}

function jsonLabels(file: string, parsed: object): Labels {
  const list = (parsed as { malicious?: unknown }).malicious;
  if (!Array.isArray(list)) throw labelError(file, '"malicious" must be a list of {src, dst, port, from, to}');
  const entries = list.map((raw, i) => labelEntry(file, raw, i));
  return { entries, flowKeys: new Set() };
}

function labelEntry(file: string, raw: unknown, i: number): LabelEntry {
  if (raw === null || typeof raw !== 'object') throw labelError(file, `malicious[${i}] is not an object`);
  const r = raw as Record<string, unknown>;
  const entry: { -readonly [K in keyof LabelEntry]: LabelEntry[K] } = {};
  if (r.src !== undefined) entry.src = String(r.src);
  if (r.dst !== undefined) entry.dst = String(r.dst);
  if (r.port !== undefined) entry.port = Number(r.port);
  if (r.from !== undefined) entry.from = timeOf(file, r.from, `malicious[${i}].from`);
  if (r.to !== undefined) entry.to = timeOf(file, r.to, `malicious[${i}].to`);
  if (entry.port !== undefined && !Number.isInteger(entry.port))
    throw labelError(file, `malicious[${i}].port is not a port number`);
  return entry;
}

/** Epoch seconds (Zeek's `ts`) or ISO-8601 text, to ms. */
function timeOf(file: string, value: unknown, where: string): number {
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw labelError(file, `${where} is neither epoch seconds nor an ISO time`);
  return ms;
}

function zeekLabels(file: string, text: string): Labels {
  const parser = createZeekParser('labels', 'conn');
  const keys = new Set<string>();
  let labelAt: { index: number; sub: number } | null = null;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('#fields')) labelAt = labelColumn(line.split('\t').slice(1));
    const event = parser.parse(line, { file, line: i + 1 });
    if (!event) return;
    const label = line.trimStart().startsWith('{') ? jsonLabel(line) : tsvLabel(line, labelAt);
    if (!/^malicious/i.test(label ?? '')) return;
    keys.add(flowKey(labelledFlow(event)));
  });
  if (labelAt === null && keys.size === 0 && !/"label"/.test(text))
    throw labelError(file, 'neither a {"malicious": [...]} file nor a Zeek log with a `label` column');
  return { entries: [], flowKeys: keys };
}

/** Where the label is: its own field, or the second of `tunnel_parents label detailed-label` sharing one (IoT-23). */
function labelColumn(fields: readonly string[]): { index: number; sub: number } | null {
  const own = fields.indexOf('label');
  if (own >= 0) return { index: own, sub: -1 };
  const shared = fields.findIndex((f) => f.split(/\s+/).includes('label'));
  return shared < 0 ? null : { index: shared, sub: (fields[shared] ?? '').split(/\s+/).indexOf('label') };
}

function tsvLabel(line: string, at: { index: number; sub: number } | null): string | null {
  if (at === null) return null;
  const field = line.replace(/^\t(?=#)/, '').split('\t')[at.index] ?? '';
  return at.sub < 0 ? field : (field.split(/\s+/)[at.sub] ?? null);
}

function jsonLabel(line: string): string | null {
  try {
    const label = (JSON.parse(line) as { label?: unknown }).label;
    return typeof label === 'string' ? label : null;
  } catch {
    return null;
  }
}
