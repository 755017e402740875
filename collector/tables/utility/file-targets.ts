/**
 * Which paths a `file` or `hash` scan looks at, from the pushed-down constraints as osquery reads them: `path = x`,
 * `path LIKE pattern`, `directory = d` (the entries of d) and `directory LIKE pattern` (the entries of every
 * matching directory). As in osquery, a row found through `directory` carries that directory exactly as the query
 * wrote it (so `directory = '/etc/'` matches its rows); SQLite re-checks every constraint, so a superset is fine.
 * With `pid_with_namespace = N` the same paths are read in process N's mount namespace (through /proc/N/root, see
 * lib/namespace.ts); rows still name the path as the query wrote it.
 */
import { dirname, join } from 'node:path';
import type { QueryContext } from '../../engine/spec.js';
import { namespaceRoots, type NamespaceRoot } from '../lib/namespace.js';
import { listDirectory, resolveFilePattern } from '../../files/file-pattern.js';

export interface FileTarget {
  path: string;
  directory: string;
  /** Where this process reads the path: the path itself, or under /proc/<pid>/root for another namespace. */
  readPath: string;
  /** 0 for the host's namespace, else the pid whose namespace was read (osquery's pid_with_namespace value). */
  pidWithNamespace: number;
}

export function targetPaths(ctx: QueryContext): FileTarget[] {
  return namespaceRoots(ctx).flatMap((ns) => targetsIn(ctx, ns));
}

function targetsIn(ctx: QueryContext, ns: NamespaceRoot): FileTarget[] {
  const targets = new Map<string, FileTarget>();
  const expand = (pattern: string): string[] => {
    const result = resolveFilePattern(ns.root + pattern);
    if (result.truncated) ctx.errors.skip(`pattern ${pattern} matches too many paths; the rest were left out`);
    return result.paths.map((path) => path.slice(ns.root.length));
  };
  const target = (path: string, directory: string): FileTarget => ({
    path,
    directory,
    readPath: ns.root + path,
    pidWithNamespace: ns.pidWithNamespace,
  });
  const addPath = (path: string): void => {
    if (!targets.has(path)) targets.set(path, target(path, dirname(path)));
  };
  for (const value of ctx.equals('path')) if (typeof value === 'string') addPath(value);
  for (const pattern of ctx.likes('path')) expand(pattern).forEach(addPath);
  const directories = new Set<string>();
  for (const value of ctx.equals('directory')) if (typeof value === 'string') directories.add(value);
  for (const pattern of ctx.likes('directory')) expand(pattern).forEach((d) => directories.add(d));
  for (const directory of directories) {
    for (const name of listDirectory(ns.root + directory)) {
      const path = join(directory, name);
      targets.set(`${directory}\0${path}`, target(path, directory));
    }
  }
  return [...targets.values()];
}
