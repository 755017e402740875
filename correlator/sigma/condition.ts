/**
 * Sigma conditions: `and`, `or`, `not`, parentheses, `1 of x*`, `all of x*`, `any of`, `them`, identifiers with
 * wildcards. Precedence (spec): not > and > or. Compiled to a tree of closures over the search results.
 *
 * Alongside the test, each node carries what it requires of the process image, when that can be known: a list of
 * lower-case suffixes of which `Image` must end with one (from `Image|endswith` literals). The rule set uses it as a
 * prefilter index, so an event is run only through the rules that can match its executable. Each node also carries
 * the text terms of which one must hold (required-terms.ts), which the prefilter checks before the rule.
 */
import { narrowest, union, type Requirement } from './required-terms.js';
import { UnsupportedRuleError } from './values.js';

export type Condition = (event: unknown) => boolean;

/** A compiled search or sub-condition; `imageSuffixes` null = no requirement known. */
export interface ConditionNode {
  readonly test: Condition;
  readonly imageSuffixes: readonly string[] | null;
  /** Terms of which one holds on every event the node matches; null = none known. */
  readonly required: Requirement;
}

type Token = { kind: 'word'; text: string } | { kind: 'open' } | { kind: 'close' };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(\(|\)|[^\s()]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const t = m[1] as string;
    tokens.push(t === '(' ? { kind: 'open' } : t === ')' ? { kind: 'close' } : { kind: 'word', text: t });
  }
  return tokens;
}

/** Every part must hold: any one part's requirement is necessary, so keep the narrowest. */
export function allOf(parts: readonly ConditionNode[]): ConditionNode {
  if (parts.length === 1) return parts[0] as ConditionNode;
  const known = parts.map((p) => p.imageSuffixes).filter((s): s is readonly string[] => s !== null);
  const fewest = known.sort((a, b) => a.length - b.length)[0] ?? null;
  const tests = parts.map((p) => p.test);
  // Plain loops: an arrow passed to every() would be a new closure on every event.
  const test: Condition = (e) => {
    for (const t of tests) if (!t(e)) return false;
    return true;
  };
  return { test, imageSuffixes: fewest, required: narrowest(parts.map((p) => p.required)) };
}

/** One part must hold: a requirement is known only if every part has one (their union). */
export function anyOf(parts: readonly ConditionNode[]): ConditionNode {
  if (parts.length === 1) return parts[0] as ConditionNode;
  const suffixes = parts.every((p) => p.imageSuffixes !== null) ? parts.flatMap((p) => p.imageSuffixes ?? []) : null;
  const tests = parts.map((p) => p.test);
  const test: Condition = (e) => {
    for (const t of tests) if (t(e)) return true;
    return false;
  };
  return { test, imageSuffixes: suffixes, required: union(parts.map((p) => p.required)) };
}

/** Compiles one condition string over the named searches; throws UnsupportedRuleError for what it cannot read. */
export function compileCondition(text: string, searches: ReadonlyMap<string, ConditionNode>): ConditionNode {
  const tokens = tokenize(text);
  let at = 0;
  const peekWord = (): string | null => {
    const t = tokens[at];
    return t?.kind === 'word' ? t.text.toLowerCase() : null;
  };
  const parseList = (next: () => ConditionNode, keyword: string): ConditionNode[] => {
    const parts = [next()];
    while (peekWord() === keyword) {
      at++;
      parts.push(next());
    }
    return parts;
  };
  const parseOr = (): ConditionNode => anyOf(parseList(parseAnd, 'or'));
  const parseAnd = (): ConditionNode => allOf(parseList(parseNot, 'and'));
  const parseNot = (): ConditionNode => {
    if (peekWord() === 'not') {
      at++;
      const inner = parseNot();
      return { test: (e) => !inner.test(e), imageSuffixes: null, required: null };
    }
    return parseAtom();
  };
  const parseAtom = (): ConditionNode => {
    const token = tokens[at++];
    if (!token) throw new UnsupportedRuleError(`condition "${text}" ends too early`);
    if (token.kind === 'open') {
      const inner = parseOr();
      if (tokens[at++]?.kind !== 'close')
        throw new UnsupportedRuleError(`condition "${text}" has an unclosed parenthesis`);
      return inner;
    }
    if (token.kind === 'close') throw new UnsupportedRuleError(`condition "${text}" has an unexpected ")"`);
    const word = token.text;
    if (word === '|')
      throw new UnsupportedRuleError('aggregation pipes in conditions are deprecated; use a correlation rule');
    const quantifier = word.toLowerCase();
    if ((quantifier === '1' || quantifier === 'all' || quantifier === 'any') && peekWord() === 'of') {
      at++;
      const target = tokens[at++];
      if (target?.kind !== 'word') throw new UnsupportedRuleError(`condition "${text}": "of" needs a name pattern`);
      return quantified(quantifier === 'all' ? 'all' : 'any', target.text, searches);
    }
    return named(word, searches);
  };

  const condition = parseOr();
  if (at !== tokens.length) throw new UnsupportedRuleError(`condition "${text}" has extra words after position ${at}`);
  return condition;
}

function named(name: string, searches: ReadonlyMap<string, ConditionNode>): ConditionNode {
  if (name.includes('*')) return quantified('any', name, searches);
  const search = searches.get(name);
  if (!search) throw new UnsupportedRuleError(`condition names "${name}", which the detection does not define`);
  return search;
}

function quantified(kind: 'all' | 'any', pattern: string, searches: ReadonlyMap<string, ConditionNode>): ConditionNode {
  const matching = [...searches.entries()]
    .filter(([name]) => (pattern === 'them' ? !name.startsWith('_') : globMatch(pattern, name)))
    .map(([, node]) => node);
  if (matching.length === 0) throw new UnsupportedRuleError(`"${pattern}" matches no search in the detection`);
  return kind === 'all' ? allOf(matching) : anyOf(matching);
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name);
}
