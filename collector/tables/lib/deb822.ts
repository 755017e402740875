/**
 * RFC 822-style control paragraphs as Debian writes them (/var/lib/dpkg/status, deb822 .sources files):
 * `Field: value` lines, continuation lines starting with a space or tab, paragraphs separated by blank lines,
 * `#` comment lines (allowed in .sources files). Field names are case-insensitive, so keys are kept as written and
 * looked up through `field()`.
 */
export interface Paragraph {
  /** Line number (1-based) where the paragraph starts, for error messages. */
  line: number;
  fields: Map<string, string>;
}

/**
 * Splits text into paragraphs. With `keep` (lower-case field names) other fields are not stored, which saves
 * building long multi-line values (package descriptions) nobody reads.
 */
export function parseParagraphs(
  text: string,
  bad: (reason: string) => void = () => {},
  keep?: ReadonlySet<string>,
): Paragraph[] {
  const out: Paragraph[] = [];
  let current: Paragraph | null = null;
  let lastKey = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (line.startsWith('#')) continue;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!current || !lastKey) bad(`continuation line ${i + 1} outside a field`);
      else if (current.fields.has(lastKey))
        current.fields.set(lastKey, `${current.fields.get(lastKey) ?? ''}\n${line.slice(1)}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      bad(`line ${i + 1} is not a "Field: value" line`);
      continue;
    }
    if (!current) {
      current = { line: i + 1, fields: new Map() };
      out.push(current);
    }
    lastKey = line.slice(0, colon).toLowerCase();
    if (!keep || keep.has(lastKey)) current.fields.set(lastKey, line.slice(colon + 1).trim());
  }
  return out;
}

/** A field's value (case-insensitive name), or undefined. */
export function field(p: Paragraph, name: string): string | undefined {
  return p.fields.get(name.toLowerCase());
}
