/**
 * osquery's config text rules (docs/osquery-compatibility.md §3.1): `\`+newline is a line continuation, lines whose trimmed text starts
 * with `#` or `//` are comments, at most 4 MiB after stripping, JSON nested at most 32 deep, the root an object.
 */
import { OspreyError } from '../../common/errors.js';

export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
export const MAX_JSON_DEPTH = 32;

/** Removes continuations and comment lines; comment lines become blank so JSON error line numbers stay true. */
export function stripConfigComments(text: string): string {
  return text
    .replace(/\\\r?\n/g, '')
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      return trimmed.startsWith('#') || trimmed.startsWith('//') ? '' : line;
    })
    .join('\n');
}

/** Parses one config source (a config file or a pack file) into its root object; `source` names it in errors. */
export function parseConfigText(text: string, source: string): Record<string, unknown> {
  const stripped = stripConfigComments(text);
  if (Buffer.byteLength(stripped) > MAX_CONFIG_BYTES) {
    throw invalid(`${source}: config is larger than ${MAX_CONFIG_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripped);
  } catch (err) {
    throw invalid(`${source}: JSON syntax error ${where(stripped, (err as Error).message)}`, err);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid(`${source}: the config root must be a JSON object`);
  }
  if (depthOf(parsed) > MAX_JSON_DEPTH) throw invalid(`${source}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  return parsed as Record<string, unknown>;
}

/** Turns V8's "at position N" into a line and column of the stripped text, keeping V8's own wording. */
function where(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match?.[1]) return `(${message})`;
  const position = Number(match[1]);
  const before = text.slice(0, position).split('\n');
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  return `at line ${line} column ${column} (${message})`;
}

function depthOf(value: unknown, depth = 1): number {
  if (value === null || typeof value !== 'object') return depth - 1;
  let max = depth;
  for (const child of Object.values(value as Record<string, unknown>)) {
    if (child !== null && typeof child === 'object') max = Math.max(max, depthOf(child, depth + 1));
    if (max > MAX_JSON_DEPTH) return max;
  }
  return max;
}

function invalid(message: string, cause?: unknown): OspreyError {
  return new OspreyError('CONFIG_INVALID', message, { retriable: false, cause });
}
