/**
 * The tables a query names, read from its text without an engine: what decides whether a published query is one
 * a Linux osquery can run (every table it reads exists on Linux) before Osprey runs it. Names after FROM and JOIN
 * (comma lists included), less common-table-expression names and table-valued functions (`json_each(…)`).
 */

type Token = { kind: 'word' | 'string' | 'punct'; text: string };

const NOT_AN_ALIAS = new Set([
  'where', 'join', 'on', 'using', 'left', 'right', 'full', 'inner', 'cross', 'natural', 'outer', 'group', 'order',
  'limit', 'union', 'except', 'intersect', 'having', 'window', 'as', 'indexed', 'not',
]);

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`[^`]*`?|\[[^\]]*\]?|[A-Za-z_][\w$]*|\d[\w.]*|./g;
  for (const match of sql.matchAll(pattern)) {
    const text = match[0];
    const first = text[0] ?? '';
    if (/\s/.test(first) || text.startsWith('--') || text.startsWith('/*')) continue;
    if (first === "'") tokens.push({ kind: 'string', text });
    else if (first === '"' || first === '`' || first === '[') tokens.push({ kind: 'word', text: text.slice(1, -1) });
    else if (/[A-Za-z_]/.test(first)) tokens.push({ kind: 'word', text });
    else tokens.push({ kind: 'punct', text });
  }
  return tokens;
}

/** Index just past the parenthesis that closes the one at `open`. */
function skipParens(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const text = tokens[i]?.text;
    if (text === '(') depth++;
    else if (text === ')' && --depth === 0) return i + 1;
  }
  return tokens.length;
}

const isWord = (t: Token | undefined, word?: string): boolean =>
  t?.kind === 'word' && (word === undefined || t.text.toLowerCase() === word);

/** Names bound by WITH: `name AS (` or `name (columns) AS (`. */
function cteNames(tokens: Token[]): Set<string> {
  const names = new Set<string>();
  tokens.forEach((t, i) => {
    if (!isWord(t)) return;
    let next = i + 1;
    if (tokens[next]?.text === '(') next = skipParens(tokens, next);
    if (isWord(tokens[next], 'as') && tokens[next + 1]?.text === '(') names.add(t.text.toLowerCase());
  });
  return names;
}

/** Reads the table references of one FROM / JOIN starting at `at`, adding the table names to `into`. */
function readReferences(tokens: Token[], at: number, into: Set<string>): void {
  let i = at;
  for (;;) {
    const t = tokens[i];
    if (t === undefined) return;
    if (t.text === '(') i = skipParens(tokens, i); // a subquery: its own FROMs are read on their own
    else if (isWord(t)) {
      if (tokens[i + 1]?.text === '.') i += 2; // schema.table
      const name = tokens[i];
      if (tokens[i + 1]?.text === '(') i = skipParens(tokens, i + 1); // a table-valued function
      else if (name !== undefined) {
        into.add(name.text.toLowerCase());
        i++;
      }
    } else return;
    if (isWord(tokens[i], 'as')) i += 2;
    else if (isWord(tokens[i]) && !NOT_AN_ALIAS.has(tokens[i]?.text.toLowerCase() ?? '')) i++;
    if (tokens[i]?.text !== ',') return;
    i++;
  }
}

export function tablesOf(sql: string): string[] {
  const tokens = tokenize(sql);
  const found = new Set<string>();
  tokens.forEach((t, i) => {
    if (isWord(t, 'from') || isWord(t, 'join')) readReferences(tokens, i + 1, found);
  });
  const ctes = cteNames(tokens);
  return [...found].filter((name) => !ctes.has(name)).sort();
}
