/** Config diagnostics: every error and warning names its source file and its JSON path (`$.schedule.q.interval`). */
import type { z } from 'zod';
import { KNOWN_PACK_KEYS, KNOWN_QUERY_KEYS, KNOWN_TOP_LEVEL } from './schema.js';

export interface ConfigIssue {
  readonly severity: 'error' | 'warning';
  /** The file the value came from (config file, `.d` file or pack file). */
  readonly source: string;
  /** JSONPath of the value inside that file. */
  readonly path: string;
  readonly message: string;
}

/** `$.packs["incident-response"].queries.crontab`: dotted where the key is an identifier, bracketed otherwise. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

export function fromZod(error: z.ZodError, source: string, prefix: readonly PropertyKey[] = []): ConfigIssue[] {
  return error.issues.map((issue) => ({
    severity: 'error' as const,
    source,
    path: jsonPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

/** Keys osquery would ignore: warned about, never fatal (a newer config on an older agent must still load). */
export function unknownKeys(root: Record<string, unknown>, source: string, isPackFile = false): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const warn = (path: PropertyKey[], what: string): void => {
    issues.push({ severity: 'warning', source, path: jsonPath(path), message: `unknown ${what} key is ignored` });
  };
  const checkQueries = (queries: unknown, at: PropertyKey[]): void => {
    for (const [name, query] of entries(queries)) {
      for (const key of Object.keys(objectOr(query))) if (!KNOWN_QUERY_KEYS.has(key)) warn([...at, name, key], 'query');
    }
  };
  const checkPack = (pack: unknown, at: PropertyKey[]): void => {
    for (const key of Object.keys(objectOr(pack))) if (!KNOWN_PACK_KEYS.has(key)) warn([...at, key], 'pack');
    checkQueries(objectOr(pack).queries, [...at, 'queries']);
  };
  if (isPackFile) {
    checkPack(root, []);
    return issues;
  }
  for (const key of Object.keys(root)) if (!KNOWN_TOP_LEVEL.has(key)) warn([key], 'top-level');
  checkQueries(root.schedule, ['schedule']);
  for (const [name, pack] of entries(root.packs)) if (typeof pack === 'object') checkPack(pack, ['packs', name]);
  return issues;
}

function objectOr(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function entries(value: unknown): Array<[string, unknown]> {
  return Object.entries(objectOr(value));
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.severity}: ${issue.source}: ${issue.path}: ${issue.message}`;
}
