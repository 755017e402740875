/**
 * Event selectors in correlation and anomaly rules: the Sigma detection syntax over ECS dotted paths, e.g.
 * `{ event.dataset: osquery.process_events, process.executable|endswith: [/curl, /wget] }`; a list of maps is OR.
 * The same value modifiers as Sigma (contains, startswith, re, cidr, …) apply.
 */
import { compileValues, UnsupportedRuleError, type FieldValue, type ValuePredicate } from '../sigma/values.js';
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import { ruleError } from './parse-fields.js';
import type { RuleDocument } from './types.js';

export type Selector = (doc: EnrichedEventInput) => boolean;

const getterCache = new Map<string, (doc: EnrichedEventInput) => FieldValue>();

/** A getter for an ECS dotted path (`process.parent.executable`), compiled once per path. */
export function fieldGetter(path: string): (doc: EnrichedEventInput) => FieldValue {
  const known = getterCache.get(path);
  if (known) return known;
  const parts = path.split('.');
  const getter = (doc: EnrichedEventInput): FieldValue => {
    let at: unknown = doc;
    for (let i = 0; i < parts.length; i++) {
      if (at === null || typeof at !== 'object') return undefined;
      at = (at as Record<string, unknown>)[parts[i] as string];
    }
    if (at === null || at === undefined) return at;
    if (typeof at === 'object' && !Array.isArray(at)) return JSON.stringify(at);
    return at as FieldValue;
  };
  getterCache.set(path, getter);
  return getter;
}

export function compileSelector(rule: RuleDocument, where: unknown, label: string): Selector {
  if (Array.isArray(where)) {
    const parts = where.map((w, i) => compileSelector(rule, w, `${label}[${i}]`));
    return (doc) => {
      for (let i = 0; i < parts.length; i++) if ((parts[i] as Selector)(doc)) return true;
      return false;
    };
  }
  if (where === null || typeof where !== 'object') throw ruleError(rule, `${label} must be a map of field conditions`);
  const tests: Array<{ get: (doc: EnrichedEventInput) => FieldValue; test: ValuePredicate }> = [];
  for (const [key, value] of Object.entries(where as Record<string, unknown>)) {
    const [field = '', ...modifiers] = key.split('|');
    try {
      tests.push({ get: fieldGetter(field), test: compileValues(modifiers, Array.isArray(value) ? value : [value]) });
    } catch (err) {
      if (err instanceof UnsupportedRuleError) throw ruleError(rule, `${label}.${key}: ${err.message}`);
      throw err;
    }
  }
  return (doc) => {
    for (let i = 0; i < tests.length; i++) {
      const t = tests[i] as (typeof tests)[number];
      if (!t.test(t.get(doc))) return false;
    }
    return true;
  };
}

// groupKey's parts, one reused array per field count: it runs for every selected event of every grouping rule and
// never re-enters. Filled by index, never emptied (`length = 0` would drop the array's storage every time).
const keyParts: string[][] = [];

/** The group key of an event over some fields; null when any is missing (such events are not grouped). */
export function groupKey(
  getters: ReadonlyArray<(doc: EnrichedEventInput) => FieldValue>,
  doc: EnrichedEventInput,
): string | null {
  const n = getters.length;
  if (n === 0) return '';
  if (n === 1) {
    const v = (getters[0] as (doc: EnrichedEventInput) => FieldValue)(doc);
    return v === null || v === undefined || v === '' ? null : String(v);
  }
  const parts = (keyParts[n] ??= new Array<string>(n).fill(''));
  for (let i = 0; i < n; i++) {
    const v = (getters[i] as (doc: EnrichedEventInput) => FieldValue)(doc);
    if (v === null || v === undefined || v === '') return null;
    parts[i] = String(v);
  }
  // join makes a flat string; concatenation would make a rope that map keys keep alive (several times the memory).
  return parts.join('|');
}
