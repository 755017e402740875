/**
 * Parsing of osqueryi meta-commands (osquery/devtools/shell.cpp `do_meta_command`): the tokenizer, sqlite's
 * `integerValue` and osquery's `booleanValue`, and the word matcher, which accepts any *prefix* of a command word and
 * checks commands in osquery's source order, so `.s` is `.socket`, `.e` with one argument is `.echo`, and so on.
 */

/** Splits a meta line (starting with `.`) into words: whitespace-separated, `'…'` or `"…"` quoted, at most 50. */
export function tokenizeMeta(line: string): string[] {
  const words: string[] = [];
  let i = 1;
  while (i < line.length && words.length < 50) {
    while (i < line.length && isSpace(line[i])) i++;
    if (i >= line.length) break;
    const delim = line[i];
    if (delim === "'" || delim === '"') {
      const start = ++i;
      while (i < line.length && line[i] !== delim) {
        if (line[i] === '\\' && delim === '"' && i + 1 < line.length) i++;
        i++;
      }
      const word = line.slice(start, i);
      if (i < line.length) i++;
      words.push(delim === '"' ? resolveBackslashes(word) : word);
    } else {
      const start = i;
      while (i < line.length && !isSpace(line[i])) i++;
      words.push(resolveBackslashes(line.slice(start, i)));
      i++;
    }
  }
  return words;
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v';
}

/** C-style dequoting: `\t \n \r \\`, octal `\NNN`; any other escaped character stands for itself. */
export function resolveBackslashes(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let c = s[i] ?? '';
    if (c === '\\') {
      c = s[++i] ?? '';
      if (c === 'n') c = '\n';
      else if (c === 't') c = '\t';
      else if (c === 'r') c = '\r';
      else if (c >= '0' && c <= '7') {
        let code = c.charCodeAt(0) - 48;
        for (let k = 0; k < 2 && (s[i + 1] ?? '') >= '0' && (s[i + 1] ?? '') <= '7'; k++) {
          code = code * 8 + (s.charCodeAt(++i) - 48);
        }
        c = String.fromCharCode(code & 0xff);
      }
    }
    out += c;
  }
  return out;
}

const SUFFIXES: ReadonlyArray<[string, number]> = [
  ['kib', 1024],
  ['mib', 1024 * 1024],
  ['gib', 1024 * 1024 * 1024],
  ['kb', 1000],
  ['mb', 1_000_000],
  ['gb', 1_000_000_000],
  ['k', 1000],
  ['m', 1_000_000],
  ['g', 1_000_000_000],
];

/** sqlite's `integerValue`: optional sign, decimal or `0x` hex digits, then an optional K/M/G(i)B suffix. */
export function integerValue(arg: string): number {
  let s = arg;
  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  let value = 0;
  const hex = s.startsWith('0x');
  const match = hex ? /^0x([0-9a-fA-F]*)/.exec(s) : /^([0-9]*)/.exec(s);
  const digits = match?.[1] ?? '';
  if (digits !== '') value = hex ? parseInt(digits, 16) : parseInt(digits, 10);
  const rest = s.slice((match?.[0] ?? '').length).toLowerCase();
  const multiplier = SUFFIXES.find(([suffix]) => suffix === rest)?.[1] ?? 1;
  value *= multiplier;
  return negative ? -value : value;
}

/** osquery's `tryTo<bool>` table (case-insensitive). */
const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['1', true],
  ['0', false],
  ['y', true],
  ['yes', true],
  ['n', false],
  ['no', false],
  ['t', true],
  ['true', true],
  ['f', false],
  ['false', false],
  ['ok', true],
  ['disable', false],
  ['enable', true],
  ['on', true],
  ['off', false],
]);

export interface BooleanParse {
  value: boolean;
  /** osqueryi's warning for a word it does not know (the value is then false). */
  warning?: string;
}

/** osqueryi's `booleanValue`: an integer (decimal or `0x` hex, non-zero = on) or one of osquery's boolean words. */
export function booleanValue(arg: string): BooleanParse {
  const numeric = arg.startsWith('0x') ? /^0x[0-9a-fA-F]*$/.test(arg) : /^[0-9]+$/.test(arg);
  if (numeric) return { value: (integerValue(arg) & 0xffffffff) !== 0 };
  const known = BOOLEAN_WORDS.get(arg.toLowerCase());
  if (known !== undefined) return { value: known };
  return { value: false, warning: `ERROR: Not a boolean value: "${arg}". Assuming "no".` };
}

export type MetaCommandName =
  | 'all'
  | 'socket'
  | 'connect'
  | 'disconnect'
  | 'bail'
  | 'echo'
  | 'exit'
  | 'features'
  | 'headers'
  | 'help'
  | 'mode'
  | 'nullvalue'
  | 'print'
  | 'quit'
  | 'schema'
  | 'separator'
  | 'show'
  | 'tables'
  | 'timeout'
  | 'timer'
  | 'types'
  | 'version'
  | 'width';

interface Rule {
  name: MetaCommandName;
  words: readonly string[];
  /** Shortest accepted prefix (osquery: `.bail`/`.print` need 3 letters, `.timeout` 5, `.timer` 5). */
  minLength?: number;
  /** Whether this rule accepts the number of words (command word included), as osquery's `nArg` tests. */
  arity: (nArg: number) => boolean;
}

const any = (): boolean => true;
const exactly =
  (n: number) =>
  (nArg: number): boolean =>
    nArg === n;

/** osquery's order; `.list` is `.tables`, `.summary` is `.show`, `.header` is `.headers`. */
const RULES: readonly Rule[] = [
  { name: 'all', words: ['all'], arity: exactly(2) },
  { name: 'socket', words: ['socket'], arity: exactly(1) },
  { name: 'connect', words: ['connect'], arity: exactly(2) },
  { name: 'disconnect', words: ['disconnect'], arity: exactly(1) },
  { name: 'bail', words: ['bail'], minLength: 3, arity: exactly(2) },
  { name: 'echo', words: ['echo'], arity: exactly(2) },
  { name: 'exit', words: ['exit'], arity: any },
  { name: 'features', words: ['features'], arity: exactly(1) },
  { name: 'headers', words: ['header', 'headers'], arity: exactly(2) },
  { name: 'help', words: ['help'], arity: any },
  { name: 'mode', words: ['mode'], arity: exactly(2) },
  { name: 'nullvalue', words: ['nullvalue'], arity: exactly(2) },
  { name: 'print', words: ['print'], minLength: 3, arity: any },
  { name: 'quit', words: ['quit'], arity: exactly(1) },
  { name: 'schema', words: ['schema'], arity: (n) => n < 3 },
  { name: 'separator', words: ['separator'], arity: exactly(2) },
  { name: 'show', words: ['show', 'summary'], arity: exactly(1) },
  { name: 'tables', words: ['tables'], arity: (n) => n < 3 },
  { name: 'tables', words: ['list'], minLength: 2, arity: (n) => n < 3 },
  { name: 'timeout', words: ['timeout'], minLength: 5, arity: exactly(2) },
  { name: 'timer', words: ['timer'], minLength: 5, arity: exactly(2) },
  { name: 'types', words: ['types'], minLength: 2, arity: (n) => n > 1 },
  { name: 'version', words: ['version'], arity: any },
  { name: 'width', words: ['width'], arity: (n) => n > 1 },
];

/** Which command a tokenized meta line names, or undefined (osqueryi's "unknown command or invalid arguments"). */
export function matchMetaCommand(words: readonly string[]): MetaCommandName | undefined {
  const typed = words[0];
  if (typed === undefined || typed === '') return undefined;
  for (const rule of RULES) {
    if (typed.length < (rule.minLength ?? 1)) continue;
    if (!rule.words.some((word) => word.startsWith(typed))) continue;
    if (rule.arity(words.length)) return rule.name;
  }
  return undefined;
}

export function unknownCommandMessage(word: string): string {
  return `Error: unknown command or invalid arguments:  "${word}". Enter ".help" for help`;
}

/** Every meta-command word, for tab completion. */
export const META_WORDS: readonly string[] = [
  '.all',
  '.bail',
  '.connect',
  '.disconnect',
  '.echo',
  '.exit',
  '.features',
  '.headers',
  '.help',
  '.mode',
  '.nullvalue',
  '.print',
  '.quit',
  '.schema',
  '.separator',
  '.show',
  '.socket',
  '.summary',
  '.tables',
  '.timer',
  '.types',
  '.version',
  '.width',
];
