/**
 * The string side of Sigma value matching: `*`/`?` wildcards, the contains/startswith/endswith modes, and one
 * predicate for a whole list of plain values (`Image|endswith: [/nmap, /masscan, …]`, `DestinationPort: [4444, …]`).
 * A list is tested as one: the event's text is lower-cased once and checked against every literal in a loop (equals
 * through a Set), instead of one closure per value each converting and lower-casing the text again. Every event
 * goes through these for every candidate rule, so nothing here allocates per test.
 */
import type { ValuePredicate } from './values.js';

export type TextTest = (subject: string) => boolean;

/** A text test applied to a field value; arrays (args, ip lists) match when any element does. */
export function overText(test: TextTest): ValuePredicate {
  return (value) => {
    if (value === null || value === undefined) return false;
    if (typeof value === 'string') return test(value);
    if (Array.isArray(value)) {
      // Indexed loops here and in the other per-event tests: an array iterator the optimizer keeps is garbage.
      for (let i = 0; i < value.length; i++) if (test(String(value[i]))) return true;
      return false;
    }
    return test(String(value));
  };
}

// Rules test several fields of one event in turn (Image, CommandLine, ParentImage, …): a few slots keep each
// field's lower-case copy while the rules go back and forth between them. Strings are compared by identity first.
const SLOTS = 4;
const slotText: string[] = new Array<string>(SLOTS).fill('');
const slotLower: string[] = new Array<string>(SLOTS).fill('');
let nextSlot = 0;

export function lowerCase(text: string): string {
  for (let i = 0; i < SLOTS; i++) if (slotText[i] === text) return slotLower[i] as string;
  const lower = text.toLowerCase();
  slotText[nextSlot] = text;
  slotLower[nextSlot] = lower;
  nextSlot = (nextSlot + 1) % SLOTS;
  return lower;
}

export type TextMode = 'equals' | 'contains' | 'startswith' | 'endswith';

/** A plain string test when there is no wildcard, a compiled regular expression when there is. */
export function patternTest(pattern: string, mode: TextMode, cased: boolean): TextTest {
  const { literal, regex } = parseWildcards(pattern);
  if (regex === null) {
    const needle = cased ? literal : literal.toLowerCase();
    if (mode === 'contains') return (s) => s.includes(needle);
    if (mode === 'startswith') return (s) => s.startsWith(needle);
    if (mode === 'endswith') return (s) => s.endsWith(needle);
    return (s) => s === needle;
  }
  const re = wildcardRegex(regex, mode, cased);
  return (s) => re.test(s);
}

/** Anchors only the ends that must match: a leading or trailing `.*` makes the engine backtrack over every position. */
function wildcardRegex(body: string, mode: TextMode, cased: boolean): RegExp {
  const source =
    mode === 'contains' ? body : mode === 'startswith' ? `^${body}` : mode === 'endswith' ? `${body}$` : `^${body}$`;
  return new RegExp(source, cased ? 's' : 'is');
}

/**
 * One predicate for several plain values OR-ed in one mode: the same answers as OR-ing `patternTest` of each
 * (each literal lower-cased unless cased, wildcards as regular expressions), in one pass over them.
 */
export function literalListTest(patterns: readonly string[], mode: TextMode, cased: boolean): ValuePredicate {
  const literals: string[] = [];
  const asWritten: string[] = [];
  const regexes: RegExp[] = [];
  for (const pattern of patterns) {
    const { literal, regex } = parseWildcards(pattern);
    if (regex === null) {
      literals.push(cased ? literal : literal.toLowerCase());
      asWritten.push(literal);
    } else regexes.push(wildcardRegex(regex, mode, cased));
  }
  const equal = mode === 'equals' ? new Set(literals) : null;
  // Text spelled exactly as a value is written matches without being lower-cased (`event.action: [S0, REJ]`).
  const exact = mode === 'equals' && !cased ? new Set(asWritten) : null;
  // Other text of none of the values' lengths cannot equal one once lower-cased (asciiLengths): no need to try.
  const lengths = exact !== null && regexes.length === 0 ? asciiLengths(literals) : null;
  const test = (text: string): boolean => {
    if (exact !== null && exact.has(text)) return true;
    if (lengths !== null && !lengths.has(text.length)) return false;
    const subject = cased ? text : lowerCase(text);
    if (equal !== null) {
      if (equal.has(subject)) return true;
    } else if (mode === 'contains') {
      for (const needle of literals) if (subject.includes(needle)) return true;
    } else if (mode === 'startswith') {
      for (const needle of literals) if (subject.startsWith(needle)) return true;
    } else {
      for (const needle of literals) if (subject.endsWith(needle)) return true;
    }
    for (const re of regexes) if (re.test(subject)) return true;
    return false;
  };
  return overText(test);
}

/**
 * The lengths of values that are all ASCII, else null. Of all characters only ASCII letters and the Kelvin sign
 * lower-case to ASCII, each to one character, so a text that lower-cases to an ASCII value has the value's length.
 */
export function asciiLengths(values: readonly string[]): ReadonlySet<number> | null {
  // eslint-disable-next-line no-control-regex
  return values.every((v) => /^[\x00-\x7f]*$/.test(v)) ? new Set(values.map((v) => v.length)) : null;
}

/** Splits a Sigma string into its literal text and, when it has unescaped wildcards, an equivalent regex body. */
export function parseWildcards(pattern: string): { literal: string; regex: string | null } {
  let literal = '';
  let regex = '';
  let wild = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length && '*?\\'.includes(pattern[i + 1] as string)) {
      const next = pattern[++i] as string;
      literal += next;
      regex += escapeRegex(next);
    } else if (c === '*' || c === '?') {
      wild = true;
      regex += c === '*' ? '.*' : '.';
    } else {
      literal += c;
      regex += escapeRegex(c);
    }
  }
  return { literal, regex: wild ? regex : null };
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
