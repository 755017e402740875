/**
 * Which paths a `file` or `hash` scan looks at, from the pushed-down constraints as osquery reads them: `path = x`,
 * `path LIKE pattern`, `directory = d` (the entries of d) and `directory LIKE pattern` (the entries of every
 * matching directory). As in osquery, a row found through `directory` carries that directory exactly as the query
 * wrote it (so `directory = '/etc/'` matches its rows); SQLite re-checks every constraint, so a superset is fine.
 * With `pid_with_namespace = N` the same paths are read in process N's mount namespace (through /proc/N/root, see
 * lib/namespace.ts); rows still name the path as the query wrote it. Asked for `stats`, a target found by listing a
 * directory carries the metadata the listing read (see files/dir-stats.ts), so the caller need not stat it again.
 */
import { dirname, join } from 'node:path';
import type { QueryContext } from '../../engine/spec.js';
import { namespaceRoots, type NamespaceRoot } from '../lib/namespace.js';
import { statDirectory, TYPE_ONLY, type FileStat, type StatOptions } from '../../files/dir-stats.js';
import { resolveFilePattern } from '../../files/file-pattern.js';

export interface FileTarget {
  path: string;
  directory: string;
  /** Where this process reads the path: the path itself, or under /proc/<pid>/root for another namespace. */
  readPath: string;
  /** 0 for the host's namespace, else the pid whose namespace was read (osquery's pid_with_namespace value). */
  pidWithNamespace: number;
  /** The metadata read while listing, when targetPaths was asked for stats (with the links it asked for). */
  stat?: FileStat;
}

export function targetPaths(ctx: QueryContext, stats?: StatOptions): FileTarget[] {
  return namespaceRoots(ctx).flatMap((ns) => targetsIn(ctx, ns, stats));
}

function targetsIn(ctx: QueryContext, ns: NamespaceRoot, stats: StatOptions | undefined): FileTarget[] {
  const targets = new Map<string, FileTarget>();
  const options = stats ?? TYPE_ONLY;
  const expand = (pattern: string, withStats: boolean, add: (path: string, stat?: FileStat) => void): void => {
    const result = resolveFilePattern(ns.root + pattern, undefined, withStats ? options : TYPE_ONLY);
    if (result.truncated) ctx.errors.skip(`pattern ${pattern} matches too many paths; the rest were left out`);
    result.paths.forEach((path, i) => add(path.slice(ns.root.length), withStats ? result.stats[i] : undefined));
  };
  const target = (path: string, directory: string, stat: FileStat | undefined): FileTarget => ({
    path,
    directory,
    readPath: ns.root + path,
    pidWithNamespace: ns.pidWithNamespace,
    stat,
  });
  const addPath = (path: string, stat?: FileStat): void => {
    if (!targets.has(path)) targets.set(path, target(path, dirname(path), stat));
  };
  for (const value of ctx.equals('path')) if (typeof value === 'string') addPath(value);
  for (const pattern of ctx.likes('path')) expand(pattern, stats !== undefined, addPath);
  const directories = new Set<string>();
  for (const value of ctx.equals('directory')) if (typeof value === 'string') directories.add(value);
  for (const pattern of ctx.likes('directory')) expand(pattern, false, (d) => directories.add(d));
  for (const directory of directories) {
    for (const { name, stat } of statDirectory(ns.root + directory, options)) {
      const path = join(directory, name);
      targets.set(`${directory}\0${path}`, target(path, directory, stats && stat));
    }
  }
  return [...targets.values()];
}
