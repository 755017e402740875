/**
 * An index over a category's Sigma rules by what they require of the process image: most Linux rules select on
 * `Image|endswith` literals, so an event needs to run only through the rules whose suffixes its executable has,
 * plus the rules with no image requirement. The full rule still decides; the index only skips rules that cannot match.
 * A second filter (termFilter) then skips the candidates whose required text (a command-line literal, say) is absent.
 */
import type { EnrichedEventInput } from '../../schemas/generated/enriched_event.js';
import type { SigmaRule } from './compile.js';
import type { FieldGetter } from './fields.js';
import { NeedleScan, type Needle } from './needle-scan.js';
import { termKey } from './required-terms.js';
import { lowerCase } from './text-tests.js';
import type { FieldValue } from './values.js';

export interface RuleIndex {
  /** Indices (ascending) of the rules that may match an event with this executable. */
  candidates(executable: string | null | undefined): number[];
}

const CANDIDATE_CACHE = 4096;

export function indexRules(rules: readonly SigmaRule[]): RuleIndex {
  const byBasename = new Map<string, number[]>();
  const bySuffix: Array<{ suffix: string; rule: number }> = [];
  const always: number[] = [];
  rules.forEach((rule, i) => {
    if (rule.imageSuffixes === null) {
      always.push(i);
      return;
    }
    for (const suffix of new Set(rule.imageSuffixes)) {
      const slash = suffix.lastIndexOf('/');
      // A suffix with a slash fixes the whole basename; one without only ends it.
      if (slash >= 0 && slash < suffix.length - 1) {
        const base = suffix.slice(slash + 1);
        const list = byBasename.get(base) ?? [];
        if (list[list.length - 1] !== i) list.push(i);
        byBasename.set(base, list);
      } else bySuffix.push({ suffix, rule: i });
    }
  });
  // Hosts run few distinct executables: the merged list is built once per executable, not once per event.
  const byExecutable = new Map<string, number[]>();
  const merged = (lower: string): number[] => {
    const indexed = byBasename.get(lower.slice(lower.lastIndexOf('/') + 1));
    let extra: number[] | undefined;
    for (const { suffix, rule } of bySuffix) if (lower.endsWith(suffix)) (extra ??= []).push(rule);
    if (!indexed && !extra) return always;
    return [...new Set([...always, ...(indexed ?? []), ...(extra ?? [])])].sort((a, b) => a - b);
  };
  return {
    candidates(executable) {
      if (!executable) return always;
      const known = byExecutable.get(executable);
      if (known) return known;
      if (byExecutable.size >= CANDIDATE_CACHE) byExecutable.clear();
      const list = merged(executable.toLowerCase());
      byExecutable.set(executable, list);
      return list;
    },
  };
}

/** Per event: which rules' required terms (required-terms.ts) hold. Each term and field is read once per event. */
export interface TermFilter {
  /** Starts a new event: what was learnt of the previous one is forgotten. */
  begin(event: EnrichedEventInput): void;
  /** False when none of the rule's required terms holds on the event, so the rule cannot match it. */
  allows(rule: number): boolean;
}

/**
 * A field is read, lower-cased and scanned for all of its terms at once (needle-scan.ts) the first time a rule asks
 * for one of them. Answers are stamps in typed arrays (the event's number), so starting an event allocates nothing
 * and forgets everything at once.
 */
export function termFilter(rules: readonly SigmaRule[]): TermFilter {
  const fieldIds = new Map<string, number>();
  const getters: FieldGetter[] = [];
  const needles: Needle[][] = [];
  const termIds = new Map<string, number>();
  const termField: number[] = [];
  const ruleTerms = rules.map((rule) => {
    if (rule.required === null) return null;
    const ids = rule.required.map((term) => {
      let field = fieldIds.get(term.field);
      if (field === undefined) {
        fieldIds.set(term.field, (field = getters.push(term.get) - 1));
        needles.push([]);
      }
      const key = termKey(term);
      let id = termIds.get(key);
      if (id === undefined) {
        termIds.set(key, (id = termField.push(field) - 1));
        needles[field]?.push({ id, text: term.needle });
      }
      return id;
    });
    return Int32Array.from(ids);
  });
  const scans = needles.map((list) => new NeedleScan(list));
  const found = new Int32Array(termField.length);
  const scanned = new Int32Array(getters.length);
  let epoch = 0;
  let event: EnrichedEventInput | undefined;
  const holds = (term: number): boolean => {
    const field = termField[term] as number;
    if (scanned[field] !== epoch) {
      scanned[field] = epoch;
      const text = event === undefined ? null : lowerText((getters[field] as FieldGetter)(event));
      if (text !== null) (scans[field] as NeedleScan).mark(text, found, epoch);
    }
    return found[term] === epoch;
  };
  return {
    begin(next) {
      event = next;
      if (++epoch < 0x7fffffff) return;
      // After two billion events the stamps start again from a clean slate.
      found.fill(0);
      scanned.fill(0);
      epoch = 1;
    },
    allows(rule) {
      const terms = ruleTerms[rule];
      if (!terms) return true;
      for (let i = 0; i < terms.length; i++) if (holds(terms[i] as number)) return true;
      return false;
    },
  };
}

/**
 * A field's value as the value tests read it, lower-cased: text as is, numbers as text, and a list as its elements
 * one per line (an element holding a needle puts it in the joined text too; a needle across two elements only
 * keeps a rule that then does not match, never drops one).
 */
function lowerText(value: FieldValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return lowerCase(value);
  if (Array.isArray(value)) return value.map((v) => lowerCase(String(v))).join('\n');
  return lowerCase(String(value));
}
