/**
 * Sigma conditions: `and`, `or`, `not`, parentheses, `1 of x*`, `all of x*`, `any of`, `them`, identifiers with
 * wildcards. Precedence (spec): not > and > or. Compiled to a tree of closures over the search results.
 */
import { UnsupportedRuleError } from './values.js';

export type SearchTest = (event: unknown) => boolean;
export type Condition = (event: unknown) => boolean;

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

/** Compiles one condition string over the named searches; throws UnsupportedRuleError for what it cannot read. */
export function compileCondition(text: string, searches: ReadonlyMap<string, SearchTest>): Condition {
  const tokens = tokenize(text);
  let at = 0;
  const peekWord = (): string | null => {
    const t = tokens[at];
    return t?.kind === 'word' ? t.text.toLowerCase() : null;
  };

  const parseOr = (): Condition => {
    const parts = [parseAnd()];
    while (peekWord() === 'or') {
      at++;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? (parts[0] as Condition) : (e) => parts.some((p) => p(e));
  };
  const parseAnd = (): Condition => {
    const parts = [parseNot()];
    while (peekWord() === 'and') {
      at++;
      parts.push(parseNot());
    }
    return parts.length === 1 ? (parts[0] as Condition) : (e) => parts.every((p) => p(e));
  };
  const parseNot = (): Condition => {
    if (peekWord() === 'not') {
      at++;
      const inner = parseNot();
      return (e) => !inner(e);
    }
    return parseAtom();
  };
  const parseAtom = (): Condition => {
    const token = tokens[at++];
    if (!token) throw new UnsupportedRuleError(`condition "${text}" ends too early`);
    if (token.kind === 'open') {
      const inner = parseOr();
      if (tokens[at++]?.kind !== 'close') throw new UnsupportedRuleError(`condition "${text}" has an unclosed parenthesis`);
      return inner;
    }
    if (token.kind === 'close') throw new UnsupportedRuleError(`condition "${text}" has an unexpected ")"`);
    const word = token.text;
    if (word === '|') throw new UnsupportedRuleError('aggregation pipes in conditions are deprecated; use a correlation rule');
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

function named(name: string, searches: ReadonlyMap<string, SearchTest>): Condition {
  if (name.includes('*')) return quantified('any', name, searches);
  const search = searches.get(name);
  if (!search) throw new UnsupportedRuleError(`condition names "${name}", which the detection does not define`);
  return search;
}

function quantified(kind: 'all' | 'any', pattern: string, searches: ReadonlyMap<string, SearchTest>): Condition {
  const matching = [...searches.entries()]
    .filter(([name]) => (pattern === 'them' ? !name.startsWith('_') : globMatch(pattern, name)))
    .map(([, test]) => test);
  if (matching.length === 0) throw new UnsupportedRuleError(`"${pattern}" matches no search in the detection`);
  return kind === 'all' ? (e) => matching.every((t) => t(e)) : (e) => matching.some((t) => t(e));
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}
