/**
 * osquery's string, encoding and hashing SQL functions (osquery/sql/sqlite_string.cpp, sqlite_encoding.cpp,
 * sqlite_hashing.cpp, sqlite_filesystem.cpp), with the behaviour its docs/wiki/introduction/sql.md documents.
 */

type Value = string | number | bigint | Buffer | null;

/** osquery's --regex_max_size default: longer patterns are refused. */
export const REGEX_MAX_SIZE = 256;

const text = (value: Value): string => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value));

function compile(pattern: string, fn: string): RegExp {
  if (pattern.length > REGEX_MAX_SIZE) throw new Error(`${fn}: regex pattern is longer than ${REGEX_MAX_SIZE} bytes`);
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new Error(`${fn}: invalid regex ${pattern}: ${(err as Error).message}`);
  }
}

/** split(str, tokens, index): any character of tokens separates; pieces are trimmed and empty ones dropped. */
export function split(input: Value, tokens: Value, index: Value): string | null {
  if (input === null || tokens === null || index === null) return null;
  const delimiters = new Set(text(tokens));
  if (delimiters.size === 0) throw new Error('Invalid input to split function');
  const pieces: string[] = [];
  let current = '';
  for (const ch of text(input)) {
    if (delimiters.has(ch)) {
      pieces.push(current);
      current = '';
    } else current += ch;
  }
  pieces.push(current);
  const kept = pieces.map((p) => p.trim()).filter((p) => p !== '');
  return kept[Number(index)] ?? null;
}

/** regex_split(str, pattern, index): the pattern separates; empty pieces are kept. */
export function regexSplit(input: Value, pattern: Value, index: Value): string | null {
  if (input === null || pattern === null || index === null) return null;
  if (text(pattern) === '') throw new Error('Invalid input to split function');
  const re = compile(text(pattern), 'regex_split');
  return text(input).split(new RegExp(re.source, 'g'))[Number(index)] ?? null;
}

/** regex_match(str, pattern, index): group `index` of the first match (0 = the whole match), else NULL. */
export function regexMatch(input: Value, pattern: Value, index: Value): string | null {
  if (input === null || pattern === null || index === null) return null;
  const match = compile(text(pattern), 'regex_match').exec(text(input));
  return match?.[Number(index)] ?? null;
}

/** concat(...): the non-NULL arguments joined; NULL when called without arguments (osquery's concatFunc). */
export function concat(...args: Value[]): string | null {
  return args.length === 0 ? null : concatWith('', args);
}

/**
 * concat_ws(sep, ...) as osquery's, not SQLite's: a NULL separator is '', NULL arguments are skipped, but the
 * separator follows every non-NULL argument that is not the last one, so concat_ws('-', 'a', NULL) is 'a-'.
 */
export function concatWs(separator: Value, ...args: Value[]): string | null {
  if (args.length === 0) return null;
  return concatWith(separator === null ? '' : text(separator), args);
}

function concatWith(separator: string, args: readonly Value[]): string {
  let out = '';
  args.forEach((arg, i) => {
    if (arg === null) return;
    out += text(arg);
    if (separator !== '' && i + 1 < args.length) out += separator;
  });
  return out;
}

const bytes = (value: Value): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8'));

export function toBase64(value: Value): string | null {
  return value === null ? null : bytes(value).toString('base64');
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** from_base64: invalid base64 gives an empty string, as osquery documents. */
export function fromBase64(value: Value): string | null {
  if (value === null) return null;
  const encoded = text(value).replace(/\s+/g, '');
  return BASE64.test(encoded) ? Buffer.from(encoded, 'base64').toString('utf8') : '';
}

/** conditional_to_base64: base64 unless every byte is printable ASCII (osquery's isPrintable: 0x20..0x7e). */
export function conditionalToBase64(value: Value): string | null {
  if (value === null) return null;
  const data = bytes(value);
  return data.some((b) => b < 0x20 || b > 0x7e) ? data.toString('base64') : text(value);
}

export function digest(algorithm: 'md5' | 'sha1' | 'sha256'): (value: Value) => string | null {
  // node:crypto loads on the first digest, not with the SQL functions every query registers.
  return (value) =>
    value === null
      ? null
      : process.getBuiltinModule('node:crypto').createHash(algorithm).update(bytes(value)).digest('hex');
}

/** parent_directory('/usr/bin/ls') = '/usr/bin'; a path without a slash has none (empty). */
export function parentDirectory(value: Value): string | null {
  if (value === null) return null;
  const path = text(value);
  const at = path.lastIndexOf('/');
  if (at < 0) return '';
  return at === 0 ? '/' : path.slice(0, at);
}

/** `x REGEXP y` calls regexp(y, x): 1 when the pattern matches anywhere in the text. */
export function regexp(pattern: Value, input: Value): number | null {
  if (pattern === null || input === null) return null;
  return compile(text(pattern), 'regexp').test(text(input)) ? 1 : 0;
}
