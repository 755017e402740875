/**
 * Stratosphere's `labels.config` (the rule file of stratosphereips/netflowlabeler) as ground truth: labels applied
 * to the replayed flows themselves, as netflowlabeler applies them to a conn.log. The syntax (its README):
 *
 *     # comments anywhere
 *     Malicious, From_Malware:           <- generic label, optional detailed label (older files: `2 - Botnet-CC:`)
 *         - srcIP=10.0.0.34 & dstPort=23 <- AND conditions on one line; each `-` line is an OR alternative
 *         - dstIP=10.0.0.0/24            <- CIDR; `!=`, `<`, `>`, `<=`, `>=` for numbers; `all` matches anything
 *
 * Labels are tried top to bottom and each match overwrites the previous one (the last matching label wins). A
 * flow is malicious when its final generic label starts with `Malicious` or `Botnet` (the older sets' name for
 * the same). Fields: srcIP, dstIP, srcPort, dstPort, Proto, State (Zeek conn_state), Bytes and Packets (both
 * directions summed, as netflowlabeler does), Duration (seconds). Other fields are refused, naming the line.
 */
import { BlockList, isIP } from 'node:net';
import { OspreyError } from '../../common/errors.js';
import type { NetworkEventInput } from '../../schemas/generated/network_event.js';

type Field = 'srcip' | 'dstip' | 'srcport' | 'dstport' | 'proto' | 'state' | 'bytes' | 'packets' | 'duration';
type Op = '=' | '!=' | '<' | '>' | '<=' | '>=';

const FIELDS: ReadonlySet<string> = new Set([
  'srcip',
  'dstip',
  'srcport',
  'dstport',
  'proto',
  'state',
  'bytes',
  'packets',
  'duration',
]);
const CONDITION = /^([A-Za-z.]+)\s*(!=|<=|>=|=|<|>)\s*(\S+)$/;
const HEADER = /^(?:\d+\s*-\s*)?([^:#,][^:#]*?)\s*:\s*$/;

interface Condition {
  readonly field: Field;
  readonly op: Op;
  readonly value: string;
  /** For an address value with a prefix: the network to test membership of. */
  readonly subnet: BlockList | null;
}

export interface LabelRule {
  readonly generic: string;
  readonly detailed: string | null;
  /** OR of ANDs. */
  readonly alternatives: readonly (readonly Condition[])[];
}

/** True when a text reads as a labels.config: its first rule line is a `Label:` header followed by `- …` lines. */
export function isLabelsConfig(text: string): boolean {
  const meaningful = text
    .split('\n')
    .map(stripComment)
    .filter((l) => l !== '');
  return meaningful.length >= 2 && HEADER.test(meaningful[0] ?? '') && (meaningful[1] ?? '').startsWith('-');
}

function stripComment(line: string): string {
  const hash = line.indexOf('#');
  return (hash < 0 ? line : line.slice(0, hash)).trim();
}

export function parseLabelsConfig(file: string, text: string): LabelRule[] {
  const rules: { generic: string; detailed: string | null; alternatives: Condition[][] }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = stripComment(raw);
    if (line === '') return;
    const where = `${file}:${i + 1}`;
    if (line.startsWith('-')) {
      const current = rules[rules.length - 1];
      if (!current) throw configError(where, 'a condition before any label');
      current.alternatives.push(
        line
          .slice(1)
          .split('&')
          .map((part) => condition(where, part.trim())),
      );
      return;
    }
    const header = HEADER.exec(line);
    if (!header) throw configError(where, `neither a \`Label:\` line nor a \`- condition\` line: ${line}`);
    const [generic, detailed] = (header[1] ?? '').split(',').map((s) => s.trim());
    rules.push({ generic: generic ?? '', detailed: detailed || null, alternatives: [] });
  });
  return rules;
}

function condition(where: string, text: string): Condition {
  const match = CONDITION.exec(text);
  if (!match) throw configError(where, `not a condition (field, operator, value): ${text}`);
  const [, name, op, value] = match as unknown as [string, string, Op, string];
  const field = name.toLowerCase();
  if (!FIELDS.has(field)) throw configError(where, `field ${name} is not one Osprey's flows carry`);
  let subnet: BlockList | null = null;
  const [address, prefix] = value.split('/');
  if (prefix !== undefined && address !== undefined && isIP(address) !== 0) {
    subnet = new BlockList();
    subnet.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  return { field: field as Field, op, value, subnet };
}

function configError(where: string, reason: string): OspreyError {
  return new OspreyError('CONFIG_INVALID', `${where}: ${reason}`, { retriable: false, context: { where } });
}

/** The last matching rule's label, or null when none matches. */
export function labelOf(rules: readonly LabelRule[], flow: NetworkEventInput): LabelRule | null {
  let found: LabelRule | null = null;
  for (const rule of rules) if (rule.alternatives.some((all) => all.every((c) => matches(c, flow)))) found = rule;
  return found;
}

export function isMaliciousLabel(rule: LabelRule | null): boolean {
  return rule !== null && /^(malicious|botnet)/i.test(rule.generic);
}

function matches(c: Condition, flow: NetworkEventInput): boolean {
  if (c.value.toLowerCase() === 'all') return true;
  const actual = fieldValue(c.field, flow);
  if (actual === null) return false;
  if (c.subnet !== null && typeof actual === 'string') {
    const inside = isIP(actual) !== 0 && c.subnet.check(actual, isIP(actual) === 6 ? 'ipv6' : 'ipv4');
    return c.op === '!=' ? !inside : c.op === '=' && inside;
  }
  if (typeof actual === 'number') return compare(actual, c.op, Number(c.value));
  const equal = actual.toLowerCase() === c.value.toLowerCase();
  return c.op === '=' ? equal : c.op === '!=' && !equal;
}

function compare(actual: number, op: Op, wanted: number): boolean {
  if (!Number.isFinite(wanted)) return false;
  switch (op) {
    case '=':
      return actual === wanted;
    case '!=':
      return actual !== wanted;
    case '<':
      return actual < wanted;
    case '>':
      return actual > wanted;
    case '<=':
      return actual <= wanted;
    case '>=':
      return actual >= wanted;
  }
}

function fieldValue(field: Field, flow: NetworkEventInput): string | number | null {
  switch (field) {
    case 'srcip':
      return flow.source?.ip ?? null;
    case 'dstip':
      return flow.destination?.ip ?? null;
    case 'srcport':
      return flow.source?.port ?? null;
    case 'dstport':
      return flow.destination?.port ?? null;
    case 'proto':
      return flow.network?.transport ?? null;
    case 'state':
      return flow.event.action ?? null;
    case 'bytes':
      return flow.network?.bytes ?? null;
    case 'packets':
      return flow.network?.packets ?? null;
    case 'duration':
      return flow.event.duration === null || flow.event.duration === undefined ? null : flow.event.duration / 1e9;
  }
}
