/** Byte- and character-level text helpers that reproduce C printf and rapidjson behaviour for the renderers. */

/** osquery's `utf8StringSize`: the number of code points (pretty mode pads by characters, not bytes). */
export function utf8Width(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    // A high surrogate starts a two-unit code point: count it once.
    if (code < 0xd800 || code > 0xdbff) n++;
  }
  return n;
}

/** printf `%*s`: right-aligns to a width counted in bytes. */
export function padStartBytes(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - Buffer.byteLength(s))) + s;
}

/** printf `%-*s`: left-aligns to a width counted in bytes. */
export function padEndBytes(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - Buffer.byteLength(s)));
}

/** printf `%.*s` truncates at a byte count; we stop at the last whole character so output stays valid UTF-8. */
export function truncateBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > max) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** sqlite's `needCsvQuote`: control bytes, space, `"`, `'`, DEL and every byte >= 0x80. */
function needsCsvQuote(byte: number): boolean {
  return byte < 0x21 || byte === 0x22 || byte === 0x27 || byte >= 0x7f;
}

/**
 * sqlite's `output_csv` for one field: quoted (inner quotes doubled) when any byte needs it or the separator
 * occurs. For a multi-character separator sqlite compares it against the field's *start* (its memcmp uses `z`, not
 * `z + i`); we keep that so output matches byte for byte.
 */
export function csvField(value: string, separator: string): string {
  const bytes = Buffer.from(value);
  const sep = Buffer.from(separator);
  const quote = bytes.some(
    (b) =>
      needsCsvQuote(b) ||
      (sep.length > 0 && b === sep[0] && (sep.length === 1 || bytes.subarray(0, sep.length).equals(sep))),
  );
  return quote ? `"${value.replaceAll('"', '""')}"` : value;
}

const SHORT_ESCAPES: Record<number, string> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
  34: '\\"',
  92: '\\\\',
};

/** rapidjson's Writer::String: short escapes, other control characters as `\u00XX` (upper-case hex), UTF-8 as is. */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    const short = SHORT_ESCAPES[code];
    if (short !== undefined) out += short;
    else if (code < 0x20) out += `\\u00${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
