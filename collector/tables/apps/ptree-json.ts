/**
 * JSON as osquery's browser tables see it through Boost.PropertyTree: every leaf is text (`true`, `1`, `null`),
 * keys are looked up case-insensitively (osquery parses into an iptree), and re-serialised JSON follows Boost's
 * writer (write_json(stream, tree, false)): the root is always an object (so an array becomes `{"":"a","":"b"}`),
 * empty arrays and objects below the root become `""`, `/` is escaped as `\/`, and a newline ends the text.
 */

/** A ptree node: its own text and its children in order (array items have the key ''). */
export interface PNode {
  readonly data: string;
  readonly children: ReadonlyArray<readonly [string, PNode]>;
}

export function toPNode(value: unknown): PNode {
  if (Array.isArray(value)) return { data: '', children: value.map((v) => ['', toPNode(v)] as const) };
  if (typeof value === 'object' && value !== null) {
    return { data: '', children: Object.entries(value).map(([k, v]) => [k, toPNode(v)] as const) };
  }
  return { data: value === null ? 'null' : String(value), children: [] };
}

/** Parses JSON text into a ptree node; null when it does not parse (osquery's parseJsonString failing). */
export function parsePTree(text: string): PNode | null {
  try {
    return toPNode(JSON.parse(text));
  } catch {
    return null;
  }
}

/** The child at a dotted path, keys compared case-insensitively; undefined when absent. */
export function childAt(node: PNode | null | undefined, path: string): PNode | undefined {
  let current: PNode | undefined = node ?? undefined;
  for (const key of path.split('.')) {
    const lower = key.toLowerCase();
    current = current?.children.find(([k]) => k.toLowerCase() === lower)?.[1];
  }
  return current;
}

/** The text at a dotted path (an object's text is ''), or undefined when absent. */
export function textAt(node: PNode | null | undefined, path: string): string | undefined {
  return childAt(node, path)?.data;
}

/** Boost's compact JSON text for the node, with its trailing newline. */
export function writePTreeJson(node: PNode): string {
  return `${writeNode(node, 0)}\n`;
}

function writeNode(node: PNode, depth: number): string {
  if (depth > 0 && node.children.length === 0) return `"${escapeJson(node.data)}"`;
  if (depth > 0 && node.children.every(([k]) => k === '')) {
    return `[${node.children.map(([, c]) => writeNode(c, depth + 1)).join(',')}]`;
  }
  return `{${node.children.map(([k, c]) => `"${escapeJson(k)}":${writeNode(c, depth + 1)}`).join(',')}}`;
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** Boost's create_escapes: the named escapes, other control characters as \u00XX, everything else as it is. */
function escapeJson(text: string): string {
  let out = '';
  for (const ch of text) {
    const named = ESCAPES[ch];
    if (named !== undefined) out += named;
    else if (ch.charCodeAt(0) < 0x20) out += `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}
