/**
 * A Sigma rule document compiled to a predicate over enriched events, or the reason it cannot be evaluated here
 * (logsource without an Osprey event stream, a field without a mapping, keyword searches, an unknown modifier).
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { Severity } from '../../schemas/generated/alert.js';
import { allOf, anyOf, compileCondition, type ConditionNode } from './condition.js';
import { CATEGORY_MATCHERS, FIELD_MAPS, type FieldGetter } from './fields.js';
import { narrowest, valueRequirement, type Requirement } from './required-terms.js';
import { compileValues, UnsupportedRuleError, type ValuePredicate } from './values.js';

export interface SigmaRule {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly level: Severity;
  readonly tags: string[];
  readonly mitreTechniques: string[];
  readonly category: string;
  readonly appliesTo: (event: EnrichedEventInput) => boolean;
  readonly matches: (event: EnrichedEventInput) => boolean;
  /** Lower-case suffixes of which process.executable must end with one for the rule to match; null = unknown. */
  readonly imageSuffixes: readonly string[] | null;
  /** Text terms of which one holds on every event the rule matches (required-terms.ts); null = unknown. */
  readonly required: Requirement;
}

export type SigmaCompileResult =
  { ok: true; rule: SigmaRule } | { ok: false; id: string; title: string; reason: string };

type Doc = Record<string, unknown>;

const LEVELS: Record<string, Severity> = {
  informational: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

export function compileSigmaRule(doc: Doc): SigmaCompileResult {
  const id = typeof doc.id === 'string' ? doc.id : String(doc.title ?? 'unnamed');
  const title = typeof doc.title === 'string' ? doc.title : id;
  try {
    return { ok: true, rule: compileOrThrow(doc, id, title) };
  } catch (err) {
    if (err instanceof UnsupportedRuleError) return { ok: false, id, title, reason: err.message };
    throw err;
  }
}

function compileOrThrow(doc: Doc, id: string, title: string): SigmaRule {
  if (doc.correlation !== undefined)
    throw new UnsupportedRuleError('a Sigma correlation document (use correlator/rules YAML)');
  const logsource = (doc.logsource ?? {}) as Doc;
  const category = typeof logsource.category === 'string' ? logsource.category : null;
  if (category === null) {
    const service = typeof logsource.service === 'string' ? `service ${logsource.service}` : 'no category or service';
    throw new UnsupportedRuleError(
      `logsource ${service}: Osprey has no such event stream (process_creation, network_connection and file_event are supported)`,
    );
  }
  const fields = FIELD_MAPS[category];
  const appliesTo = CATEGORY_MATCHERS[category];
  if (!fields || !appliesTo) throw new UnsupportedRuleError(`logsource category ${category} is not supported`);
  const detection = doc.detection as Doc | undefined;
  if (!detection || typeof detection !== 'object') throw new UnsupportedRuleError('no detection section');
  const searches = new Map<string, ConditionNode>();
  for (const [name, body] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    searches.set(name, compileSearch(name, body, fields));
  }
  const conditions = Array.isArray(detection.condition) ? detection.condition : [detection.condition];
  if (conditions.some((c) => typeof c !== 'string')) throw new UnsupportedRuleError('condition missing or not text');
  const compiled = anyOf(conditions.map((c) => compileCondition(String(c), searches)));
  const tags = Array.isArray(doc.tags) ? doc.tags.map(String) : [];
  return {
    id,
    title,
    description: typeof doc.description === 'string' ? doc.description.trim() : null,
    level: LEVELS[String(doc.level ?? 'medium')] ?? 'medium',
    tags,
    mitreTechniques: mitreOf(tags),
    category,
    appliesTo,
    matches: (event) => compiled.test(event),
    // Only the Sysmon-style Image field maps to process.executable in every category we support.
    imageSuffixes: fields.Image ? compiled.imageSuffixes : null,
    required: compiled.required,
  };
}

/** `attack.t1059.004` → `T1059.004`. */
export function mitreOf(tags: readonly string[]): string[] {
  return tags.filter((t) => /^attack\.t\d{4}(\.\d{3})?$/i.test(t)).map((t) => t.slice('attack.'.length).toUpperCase());
}

function compileSearch(name: string, body: unknown, fields: Record<string, FieldGetter>): ConditionNode {
  if (Array.isArray(body)) {
    if (body.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
      return anyOf(body.map((item) => compileFieldMap(item as Doc, fields)));
    }
    throw new UnsupportedRuleError(`search "${name}" is a keyword list: Osprey events have no raw message to search`);
  }
  if (body !== null && typeof body === 'object') return compileFieldMap(body as Doc, fields);
  throw new UnsupportedRuleError(`search "${name}" is neither a field map nor a list`);
}

function compileFieldMap(map: Doc, fields: Record<string, FieldGetter>): ConditionNode {
  const tests: Array<{ get: FieldGetter; test: ValuePredicate }> = [];
  let imageSuffixes: string[] | null = null;
  const required: Requirement[] = [];
  for (const [key, value] of Object.entries(map)) {
    const [field = '', ...modifiers] = key.split('|');
    if (field === '') throw new UnsupportedRuleError('a field-less value (keyword) inside a field map');
    const get = fields[field];
    if (!get) throw new UnsupportedRuleError(`field ${field} has no mapping to Osprey's ECS events`);
    const values = Array.isArray(value) ? value : [value];
    tests.push({ get, test: compileValues(modifiers, values) });
    required.push(valueRequirement(field, get, modifiers, values));
    if (field === 'Image') imageSuffixes = literalSuffixes(modifiers, values) ?? imageSuffixes;
  }
  const test = (e: unknown): boolean => {
    const event = e as EnrichedEventInput;
    for (const t of tests) if (!t.test(t.get(event))) return false;
    return true;
  };
  return allOf([{ test, imageSuffixes, required: narrowest(required) }]);
}

/** `Image|endswith` (or plain `Image`) with literal values, OR-ed: the suffixes an image must end with. */
function literalSuffixes(modifiers: readonly string[], values: readonly unknown[]): string[] | null {
  const plain = modifiers.length === 0 || (modifiers.length === 1 && modifiers[0] === 'endswith');
  if (!plain || values.length === 0) return null;
  if (!values.every((v) => typeof v === 'string' && v !== '' && !/[*?\\]/.test(v))) return null;
  return values.map((v) => (v as string).toLowerCase());
}
