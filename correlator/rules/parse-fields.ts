/** Typed access to rule documents: every problem is a CONFIG_INVALID error naming the rule and the field. */
import { OspreyError } from '../../common/errors.js';
import type { Severity } from '../../schemas/generated/alert.js';
import { SEVERITY_RISK, type RuleDocument, type RuleMeta } from './types.js';

export function ruleError(doc: RuleDocument, message: string): OspreyError {
  const id = typeof doc.id === 'string' ? doc.id : '(no id)';
  return new OspreyError('CONFIG_INVALID', `Rule ${id}: ${message}.`, { retriable: false, context: { rule: id } });
}

export function requireString(doc: RuleDocument, key: string): string {
  const value = doc[key];
  if (typeof value !== 'string' || value === '') throw ruleError(doc, `"${key}" must be a non-empty string`);
  return value;
}

export function optionalNumber(doc: RuleDocument, key: string, fallback: number): number {
  const value = doc[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw ruleError(doc, `"${key}" must be a non-negative number`);
  return value;
}

export function stringList(doc: RuleDocument, key: string, required = false): string[] {
  const value = doc[key];
  if (value === undefined && !required) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== 'string'))
    throw ruleError(doc, `"${key}" must be a string or a list of strings`);
  return list as string[];
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `1h`, `14d`, `250ms` (EQL maxspan / Sigma timespan spellings) to milliseconds. */
export function parseDuration(text: unknown): number | null {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string') return null;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
}

export function requireDuration(doc: RuleDocument, key: string): number {
  const ms = parseDuration(doc[key]);
  if (ms === null || ms <= 0) throw ruleError(doc, `"${key}" must be a duration such as 30s, 5m or 1h`);
  return ms;
}

export function optionalDuration(doc: RuleDocument, key: string, fallback: number): number {
  if (doc[key] === undefined) return fallback;
  return requireDuration(doc, key);
}

const SEVERITIES = new Set<Severity>(['low', 'medium', 'high', 'critical']);

export function ruleMeta(doc: RuleDocument, type: string, defaults: { severity?: Severity } = {}): RuleMeta {
  const severity = (doc.severity ?? defaults.severity ?? 'medium') as Severity;
  if (!SEVERITIES.has(severity)) throw ruleError(doc, `"severity" must be low, medium, high or critical`);
  const risk = optionalNumber(doc, 'risk_score', SEVERITY_RISK[severity]);
  if (risk > 100) throw ruleError(doc, '"risk_score" must be 0..100');
  return {
    id: requireString(doc, 'id'),
    name: requireString(doc, 'name'),
    type,
    description: typeof doc.description === 'string' ? doc.description : null,
    severity,
    riskScore: Math.round(risk),
    tags: stringList(doc, 'tags'),
    mitreTechniques: stringList(doc, 'mitre'),
  };
}
