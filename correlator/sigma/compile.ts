/**
 * A Sigma rule document compiled to a predicate over enriched events, or the reason it cannot be evaluated here
 * (logsource without an Osprey event stream, a field without a mapping, keyword searches, an unknown modifier).
 */
import type { EnrichedEvent, Severity } from '../types.js';
import { compileCondition, type SearchTest } from './condition.js';
import { CATEGORY_MATCHERS, FIELD_MAPS, type FieldGetter } from './fields.js';
import { compileValues, UnsupportedRuleError, type ValuePredicate } from './values.js';

export interface SigmaRule {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly level: Severity;
  readonly tags: string[];
  readonly mitreTechniques: string[];
  readonly category: string;
  readonly appliesTo: (event: EnrichedEvent) => boolean;
  readonly matches: (event: EnrichedEvent) => boolean;
}

export type SigmaCompileResult = { ok: true; rule: SigmaRule } | { ok: false; id: string; title: string; reason: string };

type Doc = Record<string, unknown>;

const LEVELS: Record<string, Severity> = { informational: 'low', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };

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
  if (doc.correlation !== undefined) throw new UnsupportedRuleError('a Sigma correlation document (use correlator/rules YAML)');
  const logsource = (doc.logsource ?? {}) as Doc;
  const category = typeof logsource.category === 'string' ? logsource.category : null;
  if (category === null) {
    const service = typeof logsource.service === 'string' ? `service ${logsource.service}` : 'no category or service';
    throw new UnsupportedRuleError(`logsource ${service}: Osprey has no such event stream (process_creation, network_connection and file_event are supported)`);
  }
  const fields = FIELD_MAPS[category];
  const appliesTo = CATEGORY_MATCHERS[category];
  if (!fields || !appliesTo) throw new UnsupportedRuleError(`logsource category ${category} is not supported`);
  const detection = doc.detection as Doc | undefined;
  if (!detection || typeof detection !== 'object') throw new UnsupportedRuleError('no detection section');
  const searches = new Map<string, SearchTest>();
  for (const [name, body] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    searches.set(name, compileSearch(name, body, fields));
  }
  const conditions = Array.isArray(detection.condition) ? detection.condition : [detection.condition];
  if (conditions.some((c) => typeof c !== 'string')) throw new UnsupportedRuleError('condition missing or not text');
  const compiled = conditions.map((c) => compileCondition(String(c), searches));
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
    matches: (event) => compiled.some((c) => c(event)),
  };
}

/** `attack.t1059.004` → `T1059.004`. */
export function mitreOf(tags: readonly string[]): string[] {
  return tags.filter((t) => /^attack\.t\d{4}(\.\d{3})?$/i.test(t)).map((t) => t.slice('attack.'.length).toUpperCase());
}

function compileSearch(name: string, body: unknown, fields: Record<string, FieldGetter>): SearchTest {
  if (Array.isArray(body)) {
    if (body.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
      const maps = body.map((item) => compileFieldMap(item as Doc, fields));
      return (e) => maps.some((m) => m(e));
    }
    throw new UnsupportedRuleError(`search "${name}" is a keyword list: Osprey events have no raw message to search`);
  }
  if (body !== null && typeof body === 'object') return compileFieldMap(body as Doc, fields);
  throw new UnsupportedRuleError(`search "${name}" is neither a field map nor a list`);
}

function compileFieldMap(map: Doc, fields: Record<string, FieldGetter>): SearchTest {
  const tests: Array<{ get: FieldGetter; test: ValuePredicate }> = [];
  for (const [key, value] of Object.entries(map)) {
    const [field = '', ...modifiers] = key.split('|');
    if (field === '') throw new UnsupportedRuleError('a field-less value (keyword) inside a field map');
    const get = fields[field];
    if (!get) throw new UnsupportedRuleError(`field ${field} has no mapping to Osprey's ECS events`);
    const values = Array.isArray(value) ? value : [value];
    tests.push({ get, test: compileValues(modifiers, values) });
  }
  return (e) => {
    const event = e as EnrichedEvent;
    for (const t of tests) if (!t.test(t.get(event))) return false;
    return true;
  };
}
