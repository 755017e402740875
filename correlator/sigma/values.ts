/**
 * Sigma value matching (sigma-specification, "Modifiers"): a field's values and modifiers compile to one predicate
 * over the event's value. Strings match case-insensitively with `*` and `?` wildcards (`\` escapes), as the spec
 * says, unless `cased` or `re` is given.
 */
import { BlockList, isIP } from 'node:net';
import { asciiLengths, literalListTest, lowerCase, overText, patternTest, type TextMode } from './text-tests.js';

export { parseWildcards } from './text-tests.js';

export type FieldValue = string | number | boolean | null | undefined | readonly string[];
export type ValuePredicate = (value: FieldValue) => boolean;

export class UnsupportedRuleError extends Error {}

const STRING_MODIFIERS = new Set(['contains', 'startswith', 'endswith']);
const TRANSFORMS = new Set(['base64', 'base64offset', 'windash', 'wide', 'utf16le', 'utf16be', 'utf16']);
const COMPARISONS = new Set(['lt', 'lte', 'gt', 'gte']);
const KNOWN = new Set([
  ...STRING_MODIFIERS,
  ...TRANSFORMS,
  ...COMPARISONS,
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'exists',
  'cased',
  'expand',
  'fieldref',
]);

/** One field's predicate: values OR-ed (AND-ed with `all`). */
export function compileValues(modifiers: readonly string[], rawValues: readonly unknown[]): ValuePredicate {
  for (const m of modifiers) if (!KNOWN.has(m)) throw new UnsupportedRuleError(`unknown modifier "${m}"`);
  if (modifiers.includes('expand'))
    throw new UnsupportedRuleError('the expand modifier needs placeholder values from a pipeline');
  if (modifiers.includes('fieldref')) throw new UnsupportedRuleError('the fieldref modifier is not supported');
  const fused = plainList(modifiers, rawValues);
  if (fused) return fused;
  const predicates = rawValues.map((v) => compileOne(modifiers, v));
  if (predicates.length === 0) return () => false;
  if (predicates.length === 1) return predicates[0] as ValuePredicate;
  if (modifiers.includes('all'))
    return (value) => {
      for (const p of predicates) if (!p(value)) return false;
      return true;
    };
  return (value) => {
    for (const p of predicates) if (p(value)) return true;
    return false;
  };
}

/**
 * Plain values OR-ed (strings, with at most contains/startswith/endswith/cased; or strings and numbers with no
 * modifier) as one list test; null for anything else, which compiles value by value.
 */
function plainList(modifiers: readonly string[], rawValues: readonly unknown[]): ValuePredicate | null {
  if (rawValues.length < 2) return null;
  if (!modifiers.every((m) => STRING_MODIFIERS.has(m) || m === 'cased')) return null;
  const scalarsAllowed = modifiers.length === 0;
  const patterns: string[] = [];
  for (const raw of rawValues) {
    if (typeof raw === 'string') patterns.push(raw);
    else if (scalarsAllowed && (typeof raw === 'number' || typeof raw === 'boolean')) patterns.push(String(raw));
    else return null;
  }
  const mode = (modifiers.find((m) => STRING_MODIFIERS.has(m)) ?? 'equals') as TextMode;
  return literalListTest(patterns, mode, modifiers.includes('cased'));
}

function compileOne(modifiers: readonly string[], raw: unknown): ValuePredicate {
  if (modifiers.includes('exists')) {
    const want = raw === true || raw === 'true';
    return (value) => isPresent(value) === want;
  }
  if (raw === null) return (value) => !isPresent(value);
  if (modifiers.includes('cidr')) return cidrPredicate(String(raw));
  const comparison = modifiers.find((m) => COMPARISONS.has(m));
  if (comparison) return comparePredicate(comparison, Number(raw));
  if (modifiers.includes('re')) return regexPredicate(String(raw), modifiers);
  if (typeof raw === 'number' || typeof raw === 'boolean') return equalsScalar(String(raw));
  if (typeof raw !== 'string')
    throw new UnsupportedRuleError(`value ${JSON.stringify(raw)} is not a string, number or null`);
  return stringPredicate(modifiers, raw);
}

function isPresent(value: FieldValue): boolean {
  if (value === null || value === undefined || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

function equalsScalar(expected: string): ValuePredicate {
  const lower = expected.toLowerCase();
  const lengths = asciiLengths([lower]);
  return overText((text) => (lengths === null || lengths.has(text.length)) && lowerCase(text) === lower);
}

function stringPredicate(modifiers: readonly string[], raw: string): ValuePredicate {
  const variants = transformVariants(modifiers, raw);
  const cased = modifiers.includes('cased');
  // base64offset only makes sense as a substring: the encoded text sits somewhere in a longer blob.
  const mode = modifiers.includes('base64offset')
    ? 'contains'
    : (modifiers.find((m) => STRING_MODIFIERS.has(m)) ?? 'equals');
  const tests = variants.map((v) => patternTest(v, mode as TextMode, cased));
  const only = tests.length === 1 ? (tests[0] as (subject: string) => boolean) : null;
  // The usual selector, `event.dataset: osprey.flow`, meets the very text it names: no lower-casing needed then.
  const exact =
    mode === 'equals' && !cased && variants.length === 1 && variants[0] === raw && !/[*?\\]/.test(raw) ? raw : null;
  if (only && exact !== null) {
    // Most texts met are other values of other lengths (event.dataset): see asciiLengths.
    const lengths = asciiLengths([exact]);
    return overText(
      (text) => text === exact || ((lengths === null || lengths.has(text.length)) && only(lowerCase(text))),
    );
  }
  if (only) return overText(cased ? only : (text) => only(lowerCase(text)));
  return overText((text) => {
    const subject = cased ? text : lowerCase(text);
    for (const t of tests) if (t(subject)) return true;
    return false;
  });
}

function regexPredicate(source: string, modifiers: readonly string[]): ValuePredicate {
  let flags = '';
  if (modifiers.includes('i')) flags += 'i';
  if (modifiers.includes('m')) flags += 'm';
  if (modifiers.includes('s')) flags += 's';
  let re: RegExp;
  try {
    re = new RegExp(translatePcre(source), flags);
  } catch (err) {
    throw new UnsupportedRuleError(`regular expression does not compile in JavaScript: ${(err as Error).message}`);
  }
  return overText((text) => re.test(text));
}

/** PCRE's inline `(?i)` prefix, common in Sigma rules, as a JavaScript flag. */
function translatePcre(source: string): string {
  return source.startsWith('(?i)') ? source.slice(4) : source;
}

function cidrPredicate(cidr: string): ValuePredicate {
  const [network, bitsText] = cidr.split('/');
  const family = isIP(network ?? '');
  const bits = Number(bitsText ?? (family === 6 ? 128 : 32));
  if (!network || family === 0 || !Number.isInteger(bits)) throw new UnsupportedRuleError(`bad CIDR "${cidr}"`);
  const list = new BlockList();
  list.addSubnet(network, bits, family === 6 ? 'ipv6' : 'ipv4');
  return overText((text) => {
    const f = isIP(text);
    return f !== 0 && list.check(text, f === 6 ? 'ipv6' : 'ipv4');
  });
}

function comparePredicate(op: string, bound: number): ValuePredicate {
  if (!Number.isFinite(bound)) throw new UnsupportedRuleError(`${op} needs a number`);
  return overText((text) => {
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) return false;
    return op === 'lt' ? n < bound : op === 'lte' ? n <= bound : op === 'gt' ? n > bound : n >= bound;
  });
}

/** The spellings a value is searched in after the transformation modifiers (windash, wide, base64, base64offset). */
export function transformVariants(modifiers: readonly string[], raw: string): string[] {
  let variants = [raw];
  if (modifiers.includes('windash')) variants = variants.flatMap(windashVariants);
  const encoding = modifiers.find((m) => m === 'wide' || m.startsWith('utf16'));
  const encode = (text: string): Buffer => (encoding ? utf16(text, encoding) : Buffer.from(text, 'utf8'));
  if (modifiers.includes('base64')) variants = variants.map((v) => encode(v).toString('base64'));
  else if (modifiers.includes('base64offset')) variants = variants.flatMap((v) => base64OffsetVariants(encode(v)));
  return variants;
}

function utf16(text: string, encoding: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (encoding !== 'utf16be') return encoding === 'utf16' ? Buffer.concat([Buffer.from([0xff, 0xfe]), le]) : le;
  const be = Buffer.from(le);
  be.swap16();
  return be;
}

/** `-` at the start of a word may be written `/`, `–`, `—` or `―` on Windows command lines. */
function windashVariants(text: string): string[] {
  const dashes = ['-', '/', '\u2013', '\u2014', '\u2015'];
  if (!/(^|\s)[-/]/.test(text)) return [text];
  return dashes.map((d) => text.replace(/(^|\s)[-/]/g, `$1${d}`));
}

/** The three base64 encodings of a value at offsets 0, 1 and 2, trimmed to the characters that do not depend on the neighbours (the Sigma reference implementation). */
function base64OffsetVariants(bytes: Buffer): string[] {
  const out: string[] = [];
  const startTrim = [0, 2, 3];
  const endTrim = [0, 3, 2];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset, 0x20), bytes]);
    const encoded = padded.toString('base64');
    const end = encoded.length - (endTrim[(bytes.length + offset) % 3] ?? 0);
    out.push(encoded.slice(startTrim[offset], end));
  }
  return out;
}
