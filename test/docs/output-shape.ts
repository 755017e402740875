/**
 * The shape of a command's output, to compare what a document shows with what the command prints: not the values
 * (pids, times, hashes differ on every machine) but the kinds of lines and what names them — a table's columns, a
 * column header, the stream of a search row, the keys of `key = value` lines and of JSON lines, the label a text
 * line starts with.
 */

export type LineKind =
  'border' | 'header' | 'row' | 'columns' | 'record' | 'note' | 'json' | 'item' | 'kv' | 'error' | 'text';

export interface LineShape {
  readonly kind: LineKind;
  /** What names the line within its kind: column names, a key, a stream, a leading word. */
  readonly detail: string;
}

const ISO_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /;

/** Pino's JSON log lines (stderr) are the program's log, not the output a document shows. */
export function isLogLine(line: string): boolean {
  if (!line.startsWith('{"level":')) return false;
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    return typeof parsed.level === 'number' && 'msg' in parsed;
  } catch {
    return false;
  }
}

export function shapeOf(lines: readonly string[]): LineShape[] {
  const shapes: LineShape[] = [];
  let borders = 0;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.trim() === '') continue;
    if (/^\+[-+]+\+$/.test(line)) {
      borders++;
      shapes.push({ kind: 'border', detail: '' });
    } else if (/^\|.*\|$/.test(line)) {
      const cells = line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim());
      shapes.push(
        borders === 1 ? { kind: 'header', detail: cells.join(',') } : { kind: 'row', detail: String(cells.length) },
      );
    } else shapes.push(shapeOfLine(line));
  }
  return shapes;
}

function shapeOfLine(line: string): LineShape {
  const record = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d\S*\s{2,}(\S+)/.exec(line);
  if (record) return { kind: 'record', detail: record[1] ?? '' };
  if (/^[a-z]+(\s{2,}[a-z]+)+$/.test(line)) return { kind: 'columns', detail: line.split(/\s+/).join(',') };
  if (/^\(.*\)$/.test(line)) return { kind: 'note', detail: '' };
  if (line.startsWith('{')) return { kind: 'json', detail: '' };
  if (/^\s*=> \S+$/.test(line)) return { kind: 'item', detail: '' };
  const kv = /^\s*([\w.]+) = /.exec(line);
  if (kv) return { kind: 'kv', detail: kv[1] ?? '' };
  if (/^error\b/i.test(line)) return { kind: 'error', detail: '' };
  return { kind: 'text', detail: line.replace(ISO_PREFIX, '').trim().split(/\s+/)[0] ?? '' };
}

function jsonKeys(lines: readonly string[]): { keys: Set<string>; broken: string[] } {
  const keys = new Set<string>();
  const broken: string[] = [];
  for (const line of lines.filter((l) => l.trim().startsWith('{'))) {
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) broken.push(line);
      else for (const key of Object.keys(parsed)) keys.add(key);
    } catch {
      broken.push(line);
    }
  }
  return { keys, broken };
}

/**
 * Why the real output does not have the shape of the shown one, or undefined when it does: the same kinds of lines;
 * the same table and column headers and `key = value` keys; every stream, text label and JSON key shown appears; and
 * every real JSON line is one JSON object.
 */
export function shapeMismatch(shown: readonly string[], real: readonly string[]): string | undefined {
  const want = shapeOf(shown);
  const got = shapeOf(real);
  const kinds = (shapes: LineShape[]): string => [...new Set(shapes.map((s) => s.kind))].sort().join(' ');
  if (kinds(want) !== kinds(got)) return `kinds of lines: shown [${kinds(want)}], printed [${kinds(got)}]`;
  const details = (shapes: LineShape[], kind: LineKind): string[] => [
    ...new Set(shapes.filter((s) => s.kind === kind).map((s) => s.detail)),
  ];
  for (const kind of ['header', 'columns', 'kv'] as const) {
    const [a, b] = [details(want, kind).join(' / '), details(got, kind).join(' / ')];
    if (a !== b) return `${kind}: shown "${a}", printed "${b}"`;
  }
  for (const kind of ['record', 'text'] as const) {
    const missing = details(want, kind).filter((d) => !details(got, kind).includes(d));
    if (missing.length > 0) return `${kind} lines shown but not printed: ${missing.join(', ')}`;
  }
  const shownJson = jsonKeys(shown);
  const realJson = jsonKeys(real);
  if (realJson.broken.length > 0) return `not one JSON object a line: ${realJson.broken[0] ?? ''}`;
  const missingKeys = [...shownJson.keys].filter((k) => !realJson.keys.has(k));
  if (missingKeys.length > 0) return `JSON keys shown but not printed: ${missingKeys.join(', ')}`;
  return undefined;
}
