/**
 * Which paths a `file` or `hash` scan looks at, from the pushed-down constraints as osquery reads them: `path = x`,
 * `path LIKE pattern`, `directory = d` (the entries of d) and `directory LIKE pattern` (the entries of every
 * matching directory). As in osquery, a row found through `directory` carries that directory exactly as the query
 * wrote it (so `directory = '/etc/'` matches its rows); SQLite re-checks every constraint, so a superset is fine.
 */
import { dirname, join } from 'node:path';
import type { QueryContext } from '../../engine/spec.js';
import { listDirectory, resolveFilePattern } from '../../files/file-pattern.js';

export interface FileTarget {
  path: string;
  directory: string;
}

export function targetPaths(ctx: QueryContext): FileTarget[] {
  const targets = new Map<string, FileTarget>();
  const expand = (pattern: string): string[] => {
    const result = resolveFilePattern(pattern);
    if (result.truncated) ctx.errors.skip(`pattern ${pattern} matches too many paths; the rest were left out`);
    return result.paths;
  };
  const addPath = (path: string): void => {
    if (!targets.has(path)) targets.set(path, { path, directory: dirname(path) });
  };
  for (const value of ctx.equals('path')) if (typeof value === 'string') addPath(value);
  for (const pattern of ctx.likes('path')) expand(pattern).forEach(addPath);
  const directories = new Set<string>();
  for (const value of ctx.equals('directory')) if (typeof value === 'string') directories.add(value);
  for (const pattern of ctx.likes('directory')) expand(pattern).forEach((d) => directories.add(d));
  for (const directory of directories) {
    for (const name of listDirectory(directory)) {
      const path = join(directory, name);
      targets.set(`${directory}\0${path}`, { path, directory });
    }
  }
  return [...targets.values()];
}
