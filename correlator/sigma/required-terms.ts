/**
 * What a Sigma search requires of an event's text, as a list of terms of which at least one must hold: a term is a
 * field whose lower-cased text contains a literal (`CommandLine|contains: [base64, curl]` requires "base64" or
 * "curl" in the command line). Every string value that is not cased, a regex, a CIDR, a comparison or a null implies
 * such a term: equals, startswith and endswith imply contains, and a value with wildcards implies its longest
 * literal piece. The prefilter (prefilter.ts) checks a rule's terms, memoized per event, before the rule itself, so
 * a rule whose required text is absent is skipped without running its predicates.
 */
import type { FieldGetter } from './fields.js';
import { transformVariants } from './values.js';

export interface RequiredTerm {
  /** The Sigma field name: terms are shared between rules by field and needle. */
  readonly field: string;
  readonly get: FieldGetter;
  /** Lower-case text the field's lower-cased value must contain. */
  readonly needle: string;
}

/** At least one term holds on any event the search matches; null = no such list is known. */
export type Requirement = readonly RequiredTerm[] | null;

const TEXT_MODIFIERS = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  'windash',
  'base64',
  'base64offset',
  'wide',
  'utf16le',
  'utf16be',
  'utf16',
]);

/** The requirement of one `Field|modifiers: values` entry of a field map (values OR-ed, or AND-ed with `all`). */
export function valueRequirement(
  field: string,
  get: FieldGetter,
  modifiers: readonly string[],
  values: readonly unknown[],
): Requirement {
  if (values.length === 0 || !modifiers.every((m) => TEXT_MODIFIERS.has(m))) return null;
  const perValue: Requirement[] = values.map((value) => {
    const needles = valueNeedles(modifiers, value);
    return needles === null ? null : needles.map((needle) => ({ field, get, needle }));
  });
  return modifiers.includes('all') ? narrowest(perValue) : union(perValue);
}

/**
 * The needles one value implies, one per spelling after the transformation modifiers (compileOne in values.ts
 * compares numbers and booleans as text, whatever the modifiers); null when it implies none.
 */
function valueNeedles(modifiers: readonly string[], value: unknown): string[] | null {
  if (typeof value === 'number' || typeof value === 'boolean') return nonEmpty([String(value).toLowerCase()]);
  if (typeof value !== 'string') return null;
  const needles: string[] = [];
  for (const variant of transformVariants(modifiers, value)) {
    const needle = longestLiteralPiece(variant);
    if (needle === null) return null;
    needles.push(needle);
  }
  return nonEmpty(needles);
}

/** An empty needle is in every text, so it requires nothing. */
function nonEmpty(needles: string[]): string[] | null {
  return needles.length > 0 && needles.every((n) => n !== '') ? needles : null;
}

/**
 * The lower-cased longest run of literal characters between unescaped wildcards (as parseWildcards reads them).
 * A run with wildcards around it is matched by a case-insensitive regular expression, which for ASCII text means
 * exactly the lower-cased run in the lower-cased subject; beyond ASCII case folding differs, so such runs give none.
 */
function longestLiteralPiece(pattern: string): string | null {
  const pieces: string[] = [''];
  let wild = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length && '*?\\'.includes(pattern[i + 1] as string)) {
      pieces[pieces.length - 1] += pattern[++i] as string;
    } else if (c === '*' || c === '?') {
      wild = true;
      pieces.push('');
    } else pieces[pieces.length - 1] += c;
  }
  // Without wildcards the value is compared as `literal.toLowerCase()` against the lower-cased text, whatever it is.
  if (!wild) return (pieces[0] as string).toLowerCase();
  const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(longest) ? longest.toLowerCase() : null;
}

/** All must hold: any one's terms are necessary; keep the one that skips the most events (see cost). */
export function narrowest(parts: readonly Requirement[]): Requirement {
  let best: Requirement = null;
  for (const part of parts) if (part !== null && (best === null || cost(part) < cost(best))) best = part;
  return best;
}

/** One must hold: a term of one of them holds, so terms are known only if every part has some. */
export function union(parts: readonly Requirement[]): Requirement {
  if (parts.length === 0 || parts.some((p) => p === null)) return null;
  const seen = new Set<string>();
  const out: RequiredTerm[] = [];
  for (const part of parts)
    for (const term of part ?? []) {
      const key = termKey(term);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(term);
    }
  return out;
}

export function termKey(term: RequiredTerm): string {
  return `${term.field}\u0000${term.needle}`;
}

/**
 * Lower is a better filter. Image terms come last: the image index (prefilter.ts) already skips rules by image.
 * Then each term is a check on every event (a list of a thousand package names costs more than it saves), and a
 * short needle (`true`, ` -c`) is in many texts, while one of eight characters or more rarely is.
 */
function cost(terms: readonly RequiredTerm[]): number {
  const image = terms.some((t) => t.field === 'Image') ? 1_000_000 : 0;
  const shortest = terms.reduce((n, t) => Math.min(n, t.needle.length), Infinity);
  return image + terms.length * 10 + (8 - Math.min(shortest, 8)) * 100;
}
